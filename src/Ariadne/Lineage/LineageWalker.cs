using Ariadne.Content;
using Ariadne.Pipelines;
using Ariadne.Processes;
using Ariadne.Registry;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Lineage;

/// <summary>
/// Walks the record. Upstream: from a run (or a model version's run) through each input's content hash to the runs
/// that wrote those bytes, and on, back to raw data (pointer files, the git commits that added them, dataset
/// versions), code in git, or a named gap. Downstream: from data (or a run's outputs) to every run that read it,
/// their outputs, and on, ending in the model versions registered from those runs. The store's content index
/// (<see cref="IContentIndex.TraceContentAsync"/>) gives the whole closure through content hashes in one query, and the
/// runs it reaches come in batches (<c>attributes.run_id IN (...)</c>), so a walk costs a few round trips, not a few per
/// layer; hashes the closure cannot know (folder manifests, joined through tags) are traced as they come. Every run and
/// hash is visited once, so recorded cycles end the walk and are reported, never looped.
/// A folder is recorded by its manifest hash where it is read and file by file where a run wrote it; the workspace
/// cache's manifest and the stage run's <see cref="PipelineTracking.FolderOutputsTag"/> join the two.
/// </summary>
internal sealed class LineageWalker(ITrackingStore store, DataWorkspace? workspace)
{
    /// <summary>Artifacts every run keeps about itself (log, environment, diff, pipeline graph): records, not outputs.</summary>
    private static readonly HashSet<string> RecordArtifacts = new(StringComparer.Ordinal)
    {
        TrackedCommand.LogArtifact, PipelineTracking.DagArtifact, "environment.json", "git.diff",
        // The monitoring reference: a sample of a model's training data, which is the whole file when it is small, so
        // its bytes can equal the training data's; a copy kept for monitoring made nothing.
        Monitoring.MonitoringNames.ReferenceArtifact,
    };

    /// <summary>Run ids per model-version search (<c>run_id IN (...)</c>), so a large walk stays within a store's query limits.</summary>
    private const int RegisteredModelsPerQuery = 100;

    /// <summary>Run ids per batched run search (<c>attributes.run_id IN (...)</c>).</summary>
    private const int RunsPerQuery = 100;

    /// <summary>What the store's content index said, by hash and direction; a hash is in it once all its records are.</summary>
    private readonly Dictionary<(string Hash, ContentDirection Direction), List<ContentRecord>> _content = [];
    private IReadOnlyList<string>? _experimentIds;

    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<RunArtifact>> _artifacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Folder, string FolderPath, string Path, long Size)> _members = new(StringComparer.Ordinal);
    private readonly RawDataIndex _raw = new(workspace);
    private IReadOnlyList<DatasetVersion>? _datasets;

    /// <summary>Resolves <paramref name="text"/> (see <see cref="LineageTargets"/>; <paramref name="fullPath"/> is it as a path) and walks from it.</summary>
    public async Task<LineageGraph> TraceAsync(string text, string fullPath, LineageDirection direction, CancellationToken cancellationToken)
    {
        var target = await new LineageTargets(store, workspace).ResolveAsync(text, fullPath, cancellationToken).ConfigureAwait(false);
        return await WalkAsync(target, direction, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LineageGraph> WalkAsync(LineageTarget target, LineageDirection direction, CancellationToken cancellationToken)
    {
        var graph = new LineageGraph(target, direction);
        var runs = new List<string>();
        var data = new List<string>();
        if (target.RunId is { } runId)
        {
            await AddRunAsync(graph, runId, cancellationToken).ConfigureAwait(false);
            if (target.Model is { } model)
            {
                graph.Add(model);
                graph.Connect(new LineageEdge("run:" + runId, model.Id, LineageEdgeKind.Registered));
            }

            runs.Add(runId);
            foreach (var stage in await StageRunsAsync(runId, cancellationToken).ConfigureAwait(false))
            {
                await AddRunAsync(graph, stage, cancellationToken).ConfigureAwait(false);
                graph.Connect(new LineageEdge("run:" + runId, "run:" + stage, LineageEdgeKind.Contains));
                runs.Add(stage);
            }

            if (direction == LineageDirection.Upstream)
            {
                // What the target made, so the picture ends in the model, not in the run.
                foreach (var id in runs)
                {
                    await AddOutputsAsync(graph, id, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        else
        {
            var node = graph.DataFor(target.Hash!);
            if (target.Path is { } path)
            {
                node.Paths.Add(path);
            }

            data.Add(node.Hash);
            if (direction == LineageDirection.Downstream)
            {
                data.AddRange(await FoldersHoldingAsync(graph, node, cancellationToken).ConfigureAwait(false));
            }
        }

        if (direction == LineageDirection.Upstream)
        {
            await UpstreamAsync(graph, runs, data, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DownstreamAsync(graph, runs, data, cancellationToken).ConfigureAwait(false);
            await AddRegisteredModelsAsync(graph, cancellationToken).ConfigureAwait(false);
        }

        await DescribeDataAsync(graph, cancellationToken).ConfigureAwait(false);
        graph.Cycles = LineageCycles.Find(graph);
        return graph;
    }

    private async Task UpstreamAsync(LineageGraph graph, List<string> runs, List<string> data, CancellationToken cancellationToken)
    {
        var seenData = new HashSet<string>(data, StringComparer.Ordinal);
        var expanded = new HashSet<string>(StringComparer.Ordinal);
        while (runs.Count > 0 || data.Count > 0)
        {
            foreach (var runId in runs.Where(expanded.Add))
            {
                var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
                foreach (var input in run.Inputs)
                {
                    var node = graph.DataFor(input.DatasetHash);
                    if (input.PointerPath is { } path)
                    {
                        node.Paths.Add(path);
                    }

                    graph.Connect(new LineageEdge(node.Id, "run:" + runId, LineageEdgeKind.Used, input.PointerPath, input.Role));
                    if (seenData.Add(node.Hash))
                    {
                        data.Add(node.Hash);
                    }
                }
            }

            runs.Clear();
            if (data.Count == 0)
            {
                break;
            }

            var writers = await FindAsync(data, ContentDirection.Written, cancellationToken).ConfigureAwait(false);
            foreach (var hash in data)
            {
                var node = graph.DataFor(hash);
                var producers = writers.TryGetValue(hash, out var records) ? records : await FolderWritersAsync(node, cancellationToken).ConfigureAwait(false);
                foreach (var record in producers)
                {
                    await AddRunAsync(graph, record.RunId, cancellationToken).ConfigureAwait(false);
                    node.Origin = DataOrigin.Run;
                    if (record.Path is { } path)
                    {
                        node.Paths.Add(OutputPath(path));
                    }

                    graph.Connect(new LineageEdge("run:" + record.RunId, node.Id, LineageEdgeKind.Generated, record.Path));
                    if (!expanded.Contains(record.RunId))
                    {
                        runs.Add(record.RunId);
                    }
                }
            }

            data.Clear();
        }
    }

    private async Task DownstreamAsync(LineageGraph graph, List<string> runs, List<string> data, CancellationToken cancellationToken)
    {
        var seenData = new HashSet<string>(data, StringComparer.Ordinal);
        var expanded = new HashSet<string>(StringComparer.Ordinal);
        while (runs.Count > 0 || data.Count > 0)
        {
            foreach (var runId in runs.Where(expanded.Add))
            {
                foreach (var hash in await AddOutputsAsync(graph, runId, cancellationToken).ConfigureAwait(false))
                {
                    if (seenData.Add(hash))
                    {
                        data.Add(hash);
                    }
                }
            }

            runs.Clear();
            if (data.Count == 0)
            {
                break;
            }

            var readers = await FindAsync(data, ContentDirection.Read, cancellationToken).ConfigureAwait(false);
            foreach (var (hash, records) in readers)
            {
                var node = graph.FindData(hash) ?? graph.DataFor(hash);
                if (_members.TryGetValue(hash, out var member) && !node.Paths.Contains(member.Path))
                {
                    node.Origin = DataOrigin.Run;
                    node.Size = member.Size;
                    node.Paths.Add(member.Path);
                    var folder = graph.DataFor(member.Folder);
                    graph.Connect(new LineageEdge(node.Id, folder.Id, LineageEdgeKind.PartOf, member.Path[(member.FolderPath.Length + 1)..]));
                }
                foreach (var record in records)
                {
                    await AddRunAsync(graph, record.RunId, cancellationToken).ConfigureAwait(false);
                    if (record.Path is { } path)
                    {
                        node.Paths.Add(path);
                    }

                    graph.Connect(new LineageEdge(node.Id, "run:" + record.RunId, LineageEdgeKind.Used, record.Path, record.Role));
                    if (!expanded.Contains(record.RunId))
                    {
                        runs.Add(record.RunId);
                    }
                }
            }

            data.Clear();
        }
    }

    /// <summary>The model versions registered from the runs a downstream walk reached, each with its edge from its run.</summary>
    private async Task AddRegisteredModelsAsync(LineageGraph graph, CancellationToken cancellationToken)
    {
        foreach (var chunk in graph.Runs.Select(r => r.RunId).Order(StringComparer.Ordinal).Chunk(RegisteredModelsPerQuery))
        {
            var filter = $"run_id IN ({string.Join(", ", chunk.Select(id => "'" + id + "'"))})";
            string? token = null;
            do
            {
                var page = await store.SearchModelVersionsAsync(new ModelSearch(filter, ["name", "version_number"], 1000, token), cancellationToken).ConfigureAwait(false);
                foreach (var model in page.Versions.Select(v => LineageModel.Of(v)))
                {
                    graph.Add(model);
                    graph.Connect(new LineageEdge("run:" + model.RunId, model.Id, LineageEdgeKind.Registered));
                }

                token = page.NextPageToken;
            }
            while (token is not null);
        }
    }

    /// <summary>Adds a run's outputs (its artifacts, and its folder outputs as folders) with their edges; returns their hashes.</summary>
    private async Task<List<string>> AddOutputsAsync(LineageGraph graph, string runId, CancellationToken cancellationToken)
    {
        var hashes = new List<string>();
        var folders = FolderOutputs(await RunAsync(runId, cancellationToken).ConfigureAwait(false));
        foreach (var artifact in await ArtifactsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (RecordArtifacts.Contains(artifact.Path))
            {
                continue;
            }

            var path = OutputPath(artifact.Path);
            if (folders.FirstOrDefault(f => path.StartsWith(f.Path + "/", StringComparison.Ordinal)) is { Hash: not null } holder)
            {
                // A file of a folder output: a node only when a run read it by itself (downstream), as part of the folder.
                _members.TryAdd(artifact.Hash, (holder.Hash, holder.Path, path, artifact.Size));
                hashes.Add(artifact.Hash);
                continue;
            }

            var node = graph.DataFor(artifact.Hash);
            node.Size = artifact.Size;
            node.Origin = DataOrigin.Run;
            node.Paths.Add(path);
            graph.Connect(new LineageEdge("run:" + runId, node.Id, LineageEdgeKind.Generated, artifact.Path));
            hashes.Add(artifact.Hash);
        }

        foreach (var (hash, path) in folders)
        {
            var node = graph.DataFor(hash);
            node.IsFolder = true;
            node.Origin = DataOrigin.Run;
            node.Paths.Add(path);
            graph.Connect(new LineageEdge("run:" + runId, node.Id, LineageEdgeKind.Generated, "outs/" + path));
            hashes.Add(hash);
        }

        return hashes;
    }

    /// <summary>
    /// The runs that wrote a folder read by its manifest hash: those whose files are in the manifest (in the workspace
    /// cache) and that recorded the folder as one of their outputs; failing that, those that wrote every file of it any run wrote.
    /// </summary>
    private async Task<IReadOnlyList<ContentRecord>> FolderWritersAsync(LineageData node, CancellationToken cancellationToken)
    {
        if (workspace is null || !ContentHash.TryParse(node.Hash, out var hash) || !workspace.Cache.Contains(hash))
        {
            return [];
        }

        FolderManifest manifest;
        try
        {
            manifest = FolderManifest.Load(workspace.Cache, hash);
        }
        catch (AriadneException)
        {
            return []; // a file, not a folder manifest
        }

        node.IsFolder = true;
        node.Size = manifest.TotalSize;
        var writers = await FindAsync([.. manifest.Entries.Select(e => e.Hash.Hex).Distinct(StringComparer.Ordinal)], ContentDirection.Written, cancellationToken).ConfigureAwait(false);
        var candidates = writers.Values.SelectMany(r => r).Select(r => r.RunId).Distinct(StringComparer.Ordinal).ToList();
        var tagged = new List<ContentRecord>();
        foreach (var runId in candidates)
        {
            var folder = FolderOutputs(await RunAsync(runId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Hash == node.Hash);
            if (folder.Hash is not null)
            {
                tagged.Add(new ContentRecord(node.Hash, runId, ContentDirection.Written, "outs/" + folder.Path, null));
            }
        }

        if (tagged.Count > 0)
        {
            return tagged;
        }

        return [.. candidates.Where(runId => writers.Values.All(records => records.Any(r => r.RunId == runId)))
            .Select(runId => new ContentRecord(node.Hash, runId, ContentDirection.Written, null, null))];
    }

    /// <summary>For a walk downstream from a file: the folder outputs that hold it, which runs read by the folder's hash.</summary>
    private async Task<List<string>> FoldersHoldingAsync(LineageGraph graph, LineageData file, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        var writers = await FindAsync([file.Hash], ContentDirection.Written, cancellationToken, trace: false).ConfigureAwait(false);
        foreach (var record in writers.GetValueOrDefault(file.Hash) ?? [])
        {
            var path = OutputPath(record.Path ?? "");
            foreach (var (hash, folder) in FolderOutputs(await RunAsync(record.RunId, cancellationToken).ConfigureAwait(false)))
            {
                if (path.StartsWith(folder + "/", StringComparison.Ordinal))
                {
                    var node = graph.DataFor(hash);
                    node.IsFolder = true;
                    node.Paths.Add(folder);
                    file.Paths.Add(path);
                    graph.Connect(new LineageEdge(file.Id, node.Id, LineageEdgeKind.PartOf, path[(folder.Length + 1)..]));
                    folders.Add(hash);
                }
            }
        }

        return folders;
    }

    /// <summary>Where the bytes of data with no writer came from: a pointer file (raw data), git (code), or a gap.</summary>
    private async Task DescribeDataAsync(LineageGraph graph, CancellationToken cancellationToken)
    {
        _datasets ??= await store.ListDatasetVersionsAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (var node in graph.Data)
        {
            node.Datasets.AddRange(_datasets.Where(v => v.Hash == node.Hash).Select(v => $"{v.Name}@{v.Version}").Order(StringComparer.Ordinal));
            node.Pointers.AddRange(_raw.PointersOf(node.Hash));
            foreach (var pointer in node.Pointers)
            {
                node.Paths.Add(pointer.Path.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? pointer.Path[..^PointerFile.Extension.Length] : pointer.Path);
            }

            if (node.Origin == DataOrigin.Run || graph.Direction == LineageDirection.Downstream && node.Hash != graph.Target.Hash)
            {
                continue;
            }

            if (node.Pointers.Count > 0 || node.Datasets.Count > 0)
            {
                node.Origin = DataOrigin.Pointer;
                continue;
            }

            // Read by a run whose commit holds the path with these bytes: code or configuration in git.
            foreach (var edge in graph.Edges.Where(e => e.Kind == LineageEdgeKind.Used && e.From == node.Id && e.Path is not null))
            {
                var reader = graph.FindRun(edge.To[4..]);
                if (reader?.GitCommit is { } commit && _raw.InGit(commit, edge.Path!, node.Hash, out var folder))
                {
                    node.Origin = DataOrigin.Git;
                    node.GitCommit = commit;
                    node.IsFolder |= folder;
                    break;
                }
            }

            if (node.Origin != DataOrigin.Git)
            {
                node.Origin = DataOrigin.Gap;
                node.GapReason = workspace is null
                    ? "no recorded run wrote these bytes, and pointer files and git were not searched (no workspace here)"
                    : "no recorded run wrote these bytes, no pointer file tracks them (now or in any git commit), and git does not hold them at the reading run's commit";
            }
        }
    }

    /// <summary>
    /// The records of <paramref name="hashes"/> in <paramref name="direction"/>, by hash (hashes with none left out).
    /// Hashes not seen yet are traced (<see cref="IContentIndex.TraceContentAsync"/>): their whole closure comes at once,
    /// so the next layers are answered from memory, and the runs it reaches are loaded in batches. With
    /// <paramref name="trace"/> false a plain lookup (<see cref="IContentIndex.FindContentAsync"/>) answers, for a question
    /// off the walk's direction.
    /// </summary>
    private async Task<Dictionary<string, List<ContentRecord>>> FindAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken, bool trace = true)
    {
        var unknown = hashes.Distinct(StringComparer.Ordinal).Where(h => !_content.ContainsKey((h, direction))).ToList();
        foreach (var chunk in unknown.Chunk(TrackingLimits.MaxContentHashes))
        {
            if (!trace)
            {
                foreach (var hash in chunk)
                {
                    _content[(hash, direction)] = [];
                }

                foreach (var record in await store.FindContentAsync(chunk, direction, cancellationToken).ConfigureAwait(false))
                {
                    _content[(record.Hash, direction)].Add(record);
                }

                continue;
            }

            var records = await store.TraceContentAsync(chunk, direction, cancellationToken).ConfigureAwait(false);
            Absorb(chunk, direction, records);
            await LoadRunsAsync(records.Select(r => r.RunId), cancellationToken).ConfigureAwait(false);
        }

        var found = new Dictionary<string, List<ContentRecord>>(StringComparer.Ordinal);
        foreach (var hash in hashes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var records = _content[(hash, direction)]
                .Where(r => direction != ContentDirection.Written || !RecordArtifacts.Contains(r.Path ?? "")) // a log that happens to equal a data file is no origin of it
                .ToList();
            if (records.Count > 0)
            {
                found[hash] = records;
            }
        }

        return found;
    }

    /// <summary>
    /// Keeps a trace's answer. Downstream every hash reached (the seeds, and whatever the runs reached wrote) has all its
    /// readers in it, and every run reached all its artifacts; upstream every hash reached (the seeds, and whatever the
    /// runs reached read) has all its writers in it.
    /// </summary>
    private void Absorb(IReadOnlyList<string> seeds, ContentDirection direction, IReadOnlyList<ContentRecord> records)
    {
        var reached = new HashSet<string>(seeds, StringComparer.Ordinal);
        reached.UnionWith(records.Where(r => r.Direction != direction).Select(r => r.Hash));
        // A hash an earlier trace reached keeps what it had: this one's records of it are the same ones again.
        var fresh = reached.Where(hash => _content.TryAdd((hash, direction), [])).ToHashSet(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.Direction == direction && fresh.Contains(r.Hash)))
        {
            _content[(record.Hash, direction)].Add(record);
        }

        if (direction == ContentDirection.Read)
        {
            foreach (var run in records.Where(r => r.Direction == ContentDirection.Written).GroupBy(r => r.RunId, StringComparer.Ordinal))
            {
                _artifacts.TryAdd(run.Key, [.. run.Select(r => new RunArtifact(r.Path ?? "", r.Hash, r.Size ?? 0)).OrderBy(a => a.Path, StringComparer.Ordinal)]);
            }
        }
    }

    /// <summary>Loads the runs not loaded yet, a batch per query (<c>attributes.run_id IN (...)</c>, every experiment, deleted runs too).</summary>
    private async Task LoadRunsAsync(IEnumerable<string> runIds, CancellationToken cancellationToken)
    {
        var wanted = runIds.Distinct(StringComparer.Ordinal).Where(id => !_runs.ContainsKey(id) && !id.Contains('\'', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        _experimentIds ??= [.. (await store.ListExperimentsAsync(ViewType.All, cancellationToken).ConfigureAwait(false)).Select(e => e.ExperimentId)];
        foreach (var chunk in wanted.Chunk(RunsPerQuery))
        {
            var filter = $"attributes.run_id IN ({string.Join(", ", chunk.Select(id => "'" + id + "'"))})";
            string? token = null;
            do
            {
                var page = await store.SearchRunsAsync(new RunSearch(_experimentIds, filter, null, 1000, token, ViewType.All), cancellationToken).ConfigureAwait(false);
                foreach (var run in page.Runs)
                {
                    _runs.TryAdd(run.Info.RunId, run);
                }

                token = page.NextPageToken;
            }
            while (token is not null);
        }
    }

    /// <summary>The stage runs of a pipeline run (children with a stage tag), by start time.</summary>
    private async Task<List<string>> StageRunsAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (!LineageRuns.IsPipeline(run))
        {
            return [];
        }

        var stages = new List<string>();
        string? token = null;
        do
        {
            var page = await store.SearchRunsAsync(new RunSearch([run.Info.ExperimentId], $"attributes.parent_run_id = '{runId}'", ["attributes.start_time"], 1000, token, ViewType.All), cancellationToken).ConfigureAwait(false);
            foreach (var stage in page.Runs)
            {
                _runs.TryAdd(stage.Info.RunId, stage);
                stages.Add(stage.Info.RunId);
            }

            token = page.NextPageToken;
        }
        while (token is not null);
        return stages;
    }

    private async Task AddRunAsync(LineageGraph graph, string runId, CancellationToken cancellationToken)
    {
        if (graph.HasRun(runId))
        {
            return;
        }

        var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        var parent = run.Info.ParentRunId is { } parentId && !run.Tags.Any(t => t.Key == "ariadne.git.commit" || t.Key == "ariadne.os")
            ? await TryRunAsync(parentId, cancellationToken).ConfigureAwait(false)
            : null;
        graph.Add(LineageRuns.Describe(run, parent));
    }

    private async Task<Run> RunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            _runs[runId] = run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    private async Task<Run?> TryRunAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<RunArtifact>> ArtifactsAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_artifacts.TryGetValue(runId, out var artifacts))
        {
            _artifacts[runId] = artifacts = await store.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        }

        return artifacts;
    }

    /// <summary>The folder outputs a stage run recorded (<see cref="PipelineTracking.FolderOutputsTag"/>): manifest hash and workspace path.</summary>
    private static List<(string Hash, string Path)> FolderOutputs(Run run) =>
        run.Tags.Where(t => t.Key == PipelineTracking.FolderOutputsTag).Select(t => t.Value).FirstOrDefault()?
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0], parts[1]))
            .ToList() ?? [];

    /// <summary>A stage's artifact path <c>outs/data/clean.csv</c> is the workspace path <c>data/clean.csv</c>.</summary>
    private static string OutputPath(string artifactPath) => artifactPath.StartsWith("outs/", StringComparison.Ordinal) ? artifactPath[5..] : artifactPath;
}
