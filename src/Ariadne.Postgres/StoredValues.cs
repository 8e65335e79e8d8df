using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Postgres;

/// <summary>How enums and ids are spelled in the tables (the spelling the schema document and MLflow use).</summary>
internal static class StoredValues
{
    public static string Stage(LifecycleStage stage) => stage == LifecycleStage.Deleted ? "deleted" : "active";

    public static LifecycleStage ParseStage(string text) => text == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw AriadneException.InvalidArgument($"Unknown run status {status}."),
    };

    public static RunStatus ParseStatus(string text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => RunStatus.Failed,
    };

    /// <summary>Experiment ids are numbers in the database and strings in the model; anything else names no experiment.</summary>
    public static bool TryParseExperimentId(string? id, out long value) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string ExperimentId(long id) => id.ToString(CultureInfo.InvariantCulture);
}
