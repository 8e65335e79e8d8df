namespace Ariadne.Tracking;

/// <summary>
/// The one spelling of run statuses and lifecycle stages in every store's tables (the spelling MLflow's schema uses),
/// and the one parser back. SQLite and PostgreSQL both read through it, so a value this version does not know (one a
/// newer Ariadne wrote, or a hand edit) reads the same everywhere: an unknown status as <see cref="RunStatus.Failed"/>
/// (the run did not finish as far as this version can tell), an unknown stage as <see cref="LifecycleStage.Active"/>
/// (nothing is hidden that was not deleted).
/// </summary>
internal static class StoredNames
{
    /// <summary>Every status as stored, in the order of <see cref="RunStatus"/>.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    public static string Stage(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Active => "active",
        LifecycleStage.Deleted => "deleted",
        _ => throw AriadneException.InvalidArgument($"Unknown lifecycle stage {(int)stage}: use Active or Deleted."),
    };

    public static LifecycleStage ParseStage(string? text) => text == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    /// <summary>
    /// The SQL condition on a lifecycle column (<paramref name="column"/>, e.g. <c>r.lifecycle_stage</c>) that selects
    /// the rows of <paramref name="viewType"/>, with the same reading as <see cref="ParseStage"/>: everything but
    /// 'deleted' is active, so a search never hides a row that <see cref="ParseStage"/> reads as active.
    /// </summary>
    public static string StageCondition(string column, ViewType viewType) => viewType switch
    {
        ViewType.ActiveOnly => ActiveCondition(column),
        ViewType.DeletedOnly => $"{column} = 'deleted'",
        _ => "1 = 1",
    };

    /// <summary>The SQL condition on a lifecycle column that holds for an active row (see <see cref="StageCondition"/>).</summary>
    public static string ActiveCondition(string column) => $"{column} <> 'deleted'";

    public static string Status(RunStatus status) => (int)status >= 0 && (int)status < Statuses.Count
        ? Statuses[(int)status]
        : throw AriadneException.InvalidArgument($"Unknown run status {(int)status}: use {string.Join(", ", Statuses)}.");

    public static RunStatus ParseStatus(string? text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "KILLED" => RunStatus.Killed,
        _ => RunStatus.Failed,
    };
}
