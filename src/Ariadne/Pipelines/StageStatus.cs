namespace Ariadne.Pipelines;

/// <summary>
/// One stage as <c>ariadne status</c> reports it: what changed since its entry in <c>ariadne.lock</c> (a dependency,
/// a param, an output, its command; or that it never ran). Empty when the stage is up to date.
/// </summary>
internal sealed record StageStatus(string Stage, IReadOnlyList<string> Changes)
{
    public bool Changed => Changes.Count > 0;
}
