using System.Globalization;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;

namespace Ariadne.Server.Mlflow;

/// <summary>Ariadne's tracking model as MLflow messages, and MLflow's enum values as Ariadne's.</summary>
internal static class MlflowMapping
{
    /// <summary>The tag MLflow uses for the role of a dataset input ("training", "evaluation").</summary>
    public const string DatasetContextTag = "mlflow.data.context";

    public const string ParentRunTag = "mlflow.parentRunId";

    public const string UserTag = "mlflow.user";

    public const string RunNameTag = "mlflow.runName";

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
        [new KeyValueJson(DatasetContextTag, input.Role)],
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
        _ => throw ApiException.InvalidParameter($"Invalid value '{text}' for parameter 'status': use RUNNING, SCHEDULED, FINISHED, FAILED or KILLED."),
    };

    /// <summary>A view type by name or number (ACTIVE_ONLY = 1, DELETED_ONLY = 2, ALL = 3); absent means active only.</summary>
    public static ViewType ParseViewType(string? text, string parameter) => text?.ToUpperInvariant() switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => ViewType.DeletedOnly,
        "ALL" or "3" => ViewType.All,
        _ => throw ApiException.InvalidParameter($"Invalid value '{text}' for parameter '{parameter}': use ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };

    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw ApiException.MissingParameter(name) : value;

    public static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw ApiException.MissingParameter(name);

    public static string RunIdOf(RunRequest request) => Required(request.RunId is { Length: > 0 } id ? id : request.RunUuid, "run_id");

    public static int MaxResults(long? requested, int defaultValue, int limit, string name)
    {
        if (requested is null or 0)
        {
            return defaultValue;
        }

        return requested < 0 || requested > limit
            ? throw ApiException.InvalidParameter($"Invalid value {requested.Value.ToString(CultureInfo.InvariantCulture)} for parameter '{name}': it must be between 1 and {limit.ToString(CultureInfo.InvariantCulture)}.")
            : (int)requested.Value;
    }
}
