namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    private static Experiment FromJson(ExperimentJson e) => new(
        e.ExperimentId,
        e.Name,
        e.ArtifactLocation ?? "",
        e.LifecycleStage == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active,
        e.CreationTime,
        e.LastUpdateTime,
        (e.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    private static Run FromJson(RunJson run)
    {
        var tags = (run.Data?.Tags ?? []).Select(t => new RunTag(t.Key, t.Value)).ToList();
        var parent = tags.FirstOrDefault(t => t.Key == MlflowMapping.ParentRunTag).Value;
        return new Run(
            FromJson(run.Info, parent),
            [.. (run.Data?.Metrics ?? []).Select(m => new Metric(m.Key, m.Value, m.Timestamp, m.Step))],
            [.. (run.Data?.Params ?? []).Select(p => new Param(p.Key, p.Value))],
            [.. tags.Where(t => t.Key != MlflowMapping.ParentRunTag)],
            [.. (run.Inputs?.DatasetInputs ?? []).Select(i => new RunInput(
                i.Dataset.Digest,
                (i.Tags ?? []).FirstOrDefault(t => t.Key == MlflowMapping.DatasetContextTag)?.Value ?? "input",
                string.IsNullOrEmpty(i.Dataset.Source) ? null : i.Dataset.Source,
                i.Dataset.Name,
                (i.Tags ?? []).FirstOrDefault(t => t.Key == MlflowMapping.DatasetVersionTag)?.Value))]);
    }

    private static RunInfo FromJson(RunInfoJson info, string? parentRunId) => new(
        info.RunId ?? info.RunUuid,
        info.ExperimentId,
        info.RunName ?? "",
        MlflowMapping.ParseStatus(info.Status),
        info.StartTime,
        info.EndTime,
        info.LifecycleStage == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active,
        parentRunId,
        info.UserId ?? "",
        info.ArtifactUri ?? "");
}
