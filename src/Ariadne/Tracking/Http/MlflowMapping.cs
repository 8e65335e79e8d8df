namespace Ariadne.Tracking.Http;

/// <summary>
/// Ariadne's tracking model as MLflow messages, and MLflow's enum values as Ariadne's: the one JSON shape of a run, written
/// by the server's REST API and by the CLI's <c>--json</c>, and read back by the HTTP store.
/// </summary>
internal static class MlflowMapping
{
    /// <summary>The tag MLflow uses for the role of a dataset input ("training", "evaluation").</summary>
    public const string DatasetContextTag = "mlflow.data.context";

    public const string ParentRunTag = "mlflow.parentRunId";

    public const string UserTag = "mlflow.user";

    public const string RunNameTag = "mlflow.runName";

    /// <summary>The version of a registered dataset a run read (an Ariadne tag on the dataset input; MLflow clients ignore it).</summary>
    public const string DatasetVersionTag = "ariadne.dataset.version";

    /// <summary>An experiment's artifacts, as MLflow's proxied artifact scheme names them.</summary>
    public static string ExperimentArtifactLocation(string experimentId) => $"mlflow-artifacts:/{experimentId}";

    public static string RunArtifactUri(string experimentId, string runId) => $"mlflow-artifacts:/{experimentId}/{runId}/artifacts";

    public static ExperimentJson ToJson(Experiment experiment) => new(
        experiment.ExperimentId,
        experiment.Name,
        ExperimentArtifactLocation(experiment.ExperimentId),
        Stage(experiment.LifecycleStage),
        experiment.LastUpdateTime,
        experiment.CreationTime,
        [.. experiment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value))]);

    public static RunInfoJson ToJson(RunInfo info) => new(
        info.RunId,
        info.RunId,
        info.RunName,
        info.ExperimentId,
        info.UserId,
        Status(info.Status),
        info.StartTime,
        info.EndTime,
        RunArtifactUri(info.ExperimentId, info.RunId),
        Stage(info.LifecycleStage));

    public static RunJson ToJson(Run run) => new(
        ToJson(run.Info),
        new RunDataJson(
            [.. run.LatestMetrics.Select(ToJson)],
            [.. run.Params.Select(p => new KeyValueJson(p.Key, p.Value))],
            [.. Tags(run)]),
        new RunInputsJson([.. run.Inputs.Select(ToJson)]));

    /// <summary>The run's tags, plus <c>mlflow.parentRunId</c> for a nested run, as MLflow expresses nesting.</summary>
    private static IEnumerable<KeyValueJson> Tags(Run run)
    {
        var tags = run.Tags.Select(t => new KeyValueJson(t.Key, t.Value));
        return run.Info.ParentRunId is { } parent && !run.Tags.Any(t => t.Key == ParentRunTag)
            ? tags.Append(new KeyValueJson(ParentRunTag, parent))
            : tags;
    }

    public static MetricJson ToJson(Metric metric) => new(metric.Key, metric.Value, metric.Timestamp, metric.Step);

    public static DatasetInputJson ToJson(RunInput input) => new(
        input.DatasetVersion is { } version
            ? [new KeyValueJson(DatasetContextTag, input.Role), new KeyValueJson(DatasetVersionTag, version)]
            : [new KeyValueJson(DatasetContextTag, input.Role)],
        new DatasetJson(
            input.DatasetName ?? input.PointerPath ?? input.DatasetHash,
            input.DatasetHash,
            input.PointerPath is null ? "ariadne" : "ariadne-pointer",
            input.PointerPath ?? "",
            "",
            ""));

    public static string Stage(LifecycleStage stage) => stage == LifecycleStage.Deleted ? "deleted" : "active";

    public static string Status(RunStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>A run status by name (any case) or protobuf number (RUNNING = 1 … KILLED = 5).</summary>
    public static RunStatus ParseStatus(string text) => text.ToUpperInvariant() switch
    {
        "RUNNING" or "1" => RunStatus.Running,
        "SCHEDULED" or "2" => RunStatus.Scheduled,
        "FINISHED" or "3" => RunStatus.Finished,
        "FAILED" or "4" => RunStatus.Failed,
        "KILLED" or "5" => RunStatus.Killed,
        _ => throw AriadneException.InvalidArgument($"Invalid value '{text}' for parameter 'status': use RUNNING, SCHEDULED, FINISHED, FAILED or KILLED."),
    };
}
