namespace Ariadne.Tracking.Search;

/// <summary>One key runs are ordered by, e.g. <c>metrics.acc DESC</c>. Attribute keys are canonical (<c>start_time</c>).</summary>
internal sealed record OrderByKey(SearchEntity Entity, string Key, bool Ascending)
{
    public override string ToString() =>
        $"{SearchKeys.EntityName(Entity)}.{FilterText.FormatKey(Key)} {(Ascending ? "ASC" : "DESC")}";
}
