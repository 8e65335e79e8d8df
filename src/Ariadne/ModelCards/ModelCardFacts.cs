using System.Text.Json;
using Ariadne.Data.Holdout;
using Ariadne.Pipelines;
using Ariadne.Processes;
using Ariadne.Reproduction;
using Ariadne.RunContext;
using Ariadne.Tracking;

namespace Ariadne.ModelCards;

/// <summary>
/// What the record says about a model version, gathered for its card: the source run; when it was a pipeline stage,
/// the pipeline run (environment, graph) and the other stage runs of that repro (the stages before it prepared its
/// data, those after it evaluated it); the reads of sealed test sets those runs made; and the named dataset versions
/// its inputs are; the training run's environment as recorded, and each recorded reproduction of that run with how
/// its environment differs (<see cref="EnvironmentComparison"/>, the comparison of <c>ariadne env diff</c> and
/// <c>ariadne reproduce</c>).
/// </summary>
internal sealed record ModelCardFacts(
    ModelCardSubject Subject,
    Run? Source,
    Run? Pipeline,
    IReadOnlyList<PipelineStageRun> Upstream,
    IReadOnlyList<PipelineStageRun> Downstream,
    IReadOnlyList<HoldoutAccess> SealedReads,
    IReadOnlyDictionary<string, DatasetVersion> NamedDatasets,
    RunArtifact? EnvironmentFile,
    EnvironmentRecord? Environment,
    IReadOnlyList<ReproducedEnvironment> Reproductions)
{
    private const string StageTag = "ariadne.pipeline.stage";

    /// <summary>The run holding the environment: the pipeline run for a stage, else the source run.</summary>
    public Run? EnvironmentRun => Pipeline ?? Source;

    /// <summary>Stage runs after the source stage whose runs read a sealed test set (the test estimate).</summary>
    public bool ReadSealed(Run run) => SealedReads.Any(r => r.RunId == run.Info.RunId);

    /// <summary>
    /// Reads the record. <paramref name="readObject"/> returns a stored object's bytes by content hash (verified), or
    /// null where this side has no copy (then the card leaves out the pipeline graph).
    /// </summary>
    public static async Task<ModelCardFacts> GatherAsync(ModelCardSubject subject, ITrackingStore store, ReadObject readObject, CancellationToken cancellationToken)
    {
        var named = new Dictionary<string, DatasetVersion>(StringComparer.Ordinal);
        foreach (var version in await store.ListDatasetVersionsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            named.TryAdd(version.Hash, version);
        }

        if (subject.SourceRunId is null)
        {
            return new ModelCardFacts(subject, null, null, [], [], [], named, null, null, []);
        }

        var source = await store.GetRunAsync(subject.SourceRunId, cancellationToken).ConfigureAwait(false);
        Run? pipeline = null;
        var upstream = new List<PipelineStageRun>();
        var downstream = new List<PipelineStageRun>();
        var stage = Tag(source, StageTag);
        if (source.Info.ParentRunId is { } parentId && stage is not null)
        {
            pipeline = await store.GetRunAsync(parentId, cancellationToken).ConfigureAwait(false);
            var siblings = await ChildrenAsync(store, pipeline, cancellationToken).ConfigureAwait(false);
            var graph = await ReadDagAsync(store, pipeline.Info.RunId, readObject, cancellationToken).ConfigureAwait(false);
            if (graph is not null)
            {
                var before = Closure(graph, stage, s => s.Upstream);
                var after = Closure(graph, stage, s => graph.Where(d => d.Upstream.Contains(s.Stage, StringComparer.Ordinal)).Select(d => d.Stage).ToList());
                foreach (var node in graph)
                {
                    var run = siblings.FirstOrDefault(r => Tag(r, StageTag) == node.Stage);
                    if (before.Contains(node.Stage))
                    {
                        upstream.Add(new PipelineStageRun(node.Stage, node.Commands, run));
                    }
                    else if (after.Contains(node.Stage))
                    {
                        downstream.Add(new PipelineStageRun(node.Stage, node.Commands, run));
                    }
                }
            }
        }

        var runIds = new HashSet<string>(StringComparer.Ordinal) { source.Info.RunId };
        runIds.UnionWith(downstream.Where(d => d.Run is not null).Select(d => d.Run!.Info.RunId));
        var allReads = await store.ListHoldoutReadsAsync(null, cancellationToken).ConfigureAwait(false);
        var parts = allReads.Where(r => r.RunId is not null && runIds.Contains(r.RunId)).Select(r => r.PartBlake3).ToHashSet(StringComparer.Ordinal);
        var reads = allReads.Where(r => parts.Contains(r.PartBlake3)).ToList();
        var environmentRun = pipeline ?? source;
        var environment = (await store.ListArtifactsAsync(environmentRun.Info.RunId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(a => a.Path == RecordedEnvironment.EnvironmentArtifact);
        var record = await EnvironmentOfAsync(store, source, readObject, cancellationToken).ConfigureAwait(false);
        var reproductions = new List<ReproducedEnvironment>();
        foreach (var original in pipeline is null ? [source] : new[] { source, pipeline })
        {
            foreach (var (runId, result) in ReproductionsOf(original))
            {
                var reproduction = await TryGetRunAsync(store, runId, cancellationToken).ConfigureAwait(false);
                var other = reproduction is null ? null : await EnvironmentOfAsync(store, reproduction, readObject, cancellationToken).ConfigureAwait(false);
                reproductions.Add(new ReproducedEnvironment(original.Info.RunId, runId, result, record is null || other is null ? null : EnvironmentComparison.Compare(record, other)));
            }
        }

        return new ModelCardFacts(subject, source, pipeline, upstream, downstream, reads, named, environment, record, reproductions);
    }

    /// <summary>
    /// The environment <paramref name="run"/> recorded (its own or its nearest ancestor's <c>environment.json</c>, with
    /// its own <c>python-environment.json</c>), read as <c>ariadne env show</c> reads it; null when not recorded or not readable here.
    /// </summary>
    private static async Task<EnvironmentRecord?> EnvironmentOfAsync(ITrackingStore store, Run run, ReadObject readObject, CancellationToken cancellationToken)
    {
        var found = await RecordedEnvironment.FindAsync(store, run, cancellationToken).ConfigureAwait(false);
        var bytes = found is { } f ? await readObject(f.Artifact.Hash, cancellationToken).ConfigureAwait(false) : null;
        if (bytes is null)
        {
            return null;
        }

        var python = (await store.ListArtifactsAsync(run.Info.RunId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.Path == PythonEnvironment.ArtifactPath);
        var pythonBytes = python is null ? null : await readObject(python.Hash, cancellationToken).ConfigureAwait(false);
        try
        {
            return EnvironmentRecord.Parse(System.Text.Encoding.UTF8.GetString(bytes), pythonBytes is null ? null : System.Text.Encoding.UTF8.GetString(pythonBytes));
        }
        catch (AriadneException e) when (e.Code == ErrorCode.InvalidData)
        {
            return null; // a record that cannot be read back is left out of the card, not a reason to write none
        }
    }

    /// <summary>The reproductions <c>ariadne reproduce</c> listed on a run (<c>RUN:result</c>, comma separated), oldest first.</summary>
    private static IEnumerable<(string RunId, string Result)> ReproductionsOf(Run run) =>
        (Tag(run, ReproductionReport.ReproductionsTag) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(':', 2))
            .Where(parts => parts[0].Length > 0)
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : "unknown"));

    private static async Task<Run?> TryGetRunAsync(ITrackingStore store, string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            return null; // deleted since
        }
    }

    public static string? Tag(Run run, string key) => run.Tags.FirstOrDefault(t => t.Key == key) is { Key: not null } tag ? tag.Value : null;

    /// <summary>The command a run recorded: a stage's command, or the command line that started it.</summary>
    public static string? Command(Run run) => Tag(run, TrackedCommand.CommandTag) ?? Tag(run, "ariadne.command");

    private static async Task<List<Run>> ChildrenAsync(ITrackingStore store, Run parent, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        string? token = null;
        do
        {
            var page = await store.SearchRunsAsync(new RunSearch([parent.Info.ExperimentId], $"attributes.parent_run_id = '{parent.Info.RunId}'", PageToken: token, ViewType: ViewType.All), cancellationToken).ConfigureAwait(false);
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
        }
        while (token is not null);
        return runs;
    }

    private static async Task<IReadOnlyList<DagNode>?> ReadDagAsync(ITrackingStore store, string pipelineRunId, ReadObject readObject, CancellationToken cancellationToken)
    {
        var artifact = (await store.ListArtifactsAsync(pipelineRunId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.Path == PipelineTracking.DagArtifact);
        var bytes = artifact is null ? null : await readObject(artifact.Hash, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.EnumerateArray().Select(e => new DagNode(
            e.GetProperty("stage").GetString()!,
            e.GetProperty("upstream").EnumerateArray().Select(u => u.GetString()!).ToList(),
            e.GetProperty("commands").EnumerateArray().Select(u => u.GetString()!).ToList())).ToList();
    }

    private static HashSet<string> Closure(IReadOnlyList<DagNode> graph, string start, Func<DagNode, IReadOnlyList<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var name))
        {
            var node = graph.FirstOrDefault(n => n.Stage == name);
            if (node is null)
            {
                continue;
            }

            foreach (var other in next(node).Where(seen.Add))
            {
                queue.Enqueue(other);
            }
        }

        seen.Remove(start);
        return seen;
    }

    private sealed record DagNode(string Stage, IReadOnlyList<string> Upstream, IReadOnlyList<string> Commands);
}

/// <summary>A stored object's bytes by BLAKE3 content hash (checked against it), or null where this side holds no copy.</summary>
internal delegate Task<byte[]?> ReadObject(string hash, CancellationToken cancellationToken);

/// <summary>
/// A reproduction of the model's run (<paramref name="OriginalRunId"/>: the training run or its pipeline run) by
/// <c>ariadne reproduce</c>, its result, and how its environment differs from the training run's; null where either
/// record is not readable here.
/// </summary>
internal sealed record ReproducedEnvironment(string OriginalRunId, string RunId, string Result, IReadOnlyList<EnvironmentDifference>? Differences);

/// <summary>A stage of the pipeline that made a model, with its commands and, when it ran in that repro, its run.</summary>
internal sealed record PipelineStageRun(string Stage, IReadOnlyList<string> Commands, Run? Run);
