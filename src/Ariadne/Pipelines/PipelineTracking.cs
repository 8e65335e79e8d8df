using Ariadne.Processes;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// Records a <c>repro</c> in the tracking store: one run for the pipeline (with the environment, started when the
/// first stage runs) and a child run per stage with its params, its dependencies as inputs by content hash, the
/// metrics from its metrics files, its outputs as artifacts by content hash, and its log. The stage's commands see
/// <c>ARIADNE_RUN_ID</c>, so training code using the SDK logs into the stage's run.
/// </summary>
internal sealed class PipelineTracking(TrackingClient client, string experiment, DataWorkspace workspace, PipelineGraph graph, string? parentRunId = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ActiveRun? _pipeline;

    /// <summary>The pipeline run's artifact holding the whole graph (<see cref="DagText.Json"/>), stages that did not run included.</summary>
    public const string DagArtifact = "pipeline/dag.json";

    /// <summary>The tag that marks a pipeline run (its value: the pipeline file).</summary>
    public const string PipelineTag = "ariadne.pipeline";

    /// <summary>
    /// A stage run's folder outputs, one <c>manifest-hash path</c> a line: the stage's files are artifacts one by one,
    /// and the stages that read the folder record its manifest hash, so lineage needs both names.
    /// </summary>
    public const string FolderOutputsTag = "ariadne.pipeline.folder_outs";

    public string? PipelineRunId => _pipeline?.RunId;

    /// <summary>Starts a stage's run under the pipeline run; <paramref name="reasons"/> (why it ran or was restored) become the tag ariadne.pipeline.reason.</summary>
    public async Task<TrackedCommand> StartStageAsync(Stage stage, StageInputs inputs, bool restored, CancellationToken cancellationToken, IReadOnlyList<string>? reasons = null)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pipeline is null)
            {
                _pipeline = await client.StartNewRunAsync(experiment, "repro", parentRunId,
                    new Dictionary<string, string> { [PipelineTag] = PipelineFile.FileName }, captureEnvironment: true, cancellationToken).ConfigureAwait(false);
                await _pipeline.LogTextAsync(DagText.Json(graph), DagArtifact, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        var tags = new Dictionary<string, string> { ["ariadne.pipeline.stage"] = stage.Name };
        if (restored)
        {
            tags["ariadne.pipeline.restored"] = "true";
        }

        if (reasons is { Count: > 0 })
        {
            tags["ariadne.pipeline.reason"] = string.Join("; ", reasons);
        }

        var run = await TrackedCommand.StartAsync(client, experiment, stage.Name, _pipeline.RunId, string.Join("\n", stage.Commands), tags,
            inputs.Params.Select(p => new KeyValuePair<string, object>(ParamName(p), p.Value)), captureEnvironment: false, cancellationToken, workspace).ConfigureAwait(false);
        var deps = inputs.Deps.GroupBy(d => d.Hash).Select(g => new RunInput(g.Key.Hex, "dep", g.First().Path)).ToList();
        if (deps.Count > 0)
        {
            await run.Run.Store.LogInputsAsync(run.RunId, deps, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>Records outputs, metrics, log, exit code and the executor's tags, and ends the stage's run with <paramref name="status"/>.</summary>
    public async Task FinishStageAsync(TrackedCommand run, Stage stage, IReadOnlyList<LockedPath>? outputs, CommandOutcome? outcome, RunStatus status)
    {
        await using (run.ConfigureAwait(false))
        {
            foreach (var (key, value) in outcome?.Tags ?? new Dictionary<string, string>())
            {
                await run.Run.SetTagAsync(key, value, CancellationToken.None).ConfigureAwait(false);
            }

            if (outputs is not null)
            {
                var artifacts = new List<RunArtifact>();
                // An output with 'cache: false' is not in the cache, so it is no artifact one could download.
                foreach (var output in outputs.Where(o => !stage.Uncached.Contains(o.Path)))
                {
                    if (output.Kind == PointerKind.Folder)
                    {
                        // A split's sealed part is no artifact: reading it goes through the holdout ledger, not the UI or an export.
                        var entries = FolderManifest.Load(workspace.Cache, output.Hash).Entries;
                        var sealedParts = Data.Splitting.SealedParts.In(entries.Where(e => Path.GetFileName(e.Path) == Data.Splitting.SplitManifest.FileName)
                            .Select(e => workspace.Cache.PathOf(e.Hash)));
                        artifacts.AddRange(entries.Where(e => !sealedParts.Contains(e.Hash.Hex)).Select(e => new RunArtifact($"outs/{output.Path}/{e.Path}", e.Hash.Hex, e.Size)));
                    }
                    else
                    {
                        artifacts.Add(new RunArtifact($"outs/{output.Path}", output.Hash.Hex, output.Size));
                    }
                }

                if (artifacts.Count > 0)
                {
                    await run.Run.Store.LogArtifactsAsync(run.RunId, artifacts, CancellationToken.None).ConfigureAwait(false);
                }

                var folders = outputs.Where(o => o.Kind == PointerKind.Folder && !stage.Uncached.Contains(o.Path)).Select(o => $"{o.Hash.Hex} {o.Path}").ToList();
                if (folders.Count > 0)
                {
                    await run.Run.SetTagAsync(FolderOutputsTag, string.Join("\n", folders), CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var metrics in stage.Metrics)
                {
                    var full = Path.Combine(workspace.Root, metrics.Path);
                    if (File.Exists(full))
                    {
                        run.LogMetricsFile(full);
                    }
                }
            }

            await run.EndAsync(status, outcome?.Log, outcome?.ExitCode).ConfigureAwait(false);
        }
    }

    public async Task EndAsync(RunStatus status)
    {
        if (_pipeline is not null)
        {
            await _pipeline.EndAsync(status, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private static string ParamName(LockedParam param) => param.File == ParamsFile.DefaultName ? param.Key : $"{param.File}:{param.Key}";
}
