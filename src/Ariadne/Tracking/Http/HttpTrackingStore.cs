using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Ariadne.Tracking.Http;

/// <summary>
/// The tracking store behind an <c>http(s)://</c> tracking URI: a tracking server, spoken to over its MLflow and
/// Ariadne endpoints. Writes go in large batches over kept-alive connections, with retries and backoff on 429 and
/// 5xx. When the server does not answer, the transport's circuit opens and batches and run updates go to a local spool
/// (<see cref="RunSpool"/>) at once instead of making the training wait; after a background probe finds the server
/// back, the next write, the next run, or <c>ariadne sync</c> uploads the spool (parents before children), and the
/// server applies each batch exactly once (client id + sequence).
/// </summary>
internal sealed partial class HttpTrackingStore : ITrackingStore, IDatasetRegistry, IMetricDownsampling, IRunCreationByName
{
    /// <summary>Metrics, params and tags per request: large for throughput, well under the server's body limit.</summary>
    public const int EntitiesPerRequest = 5000;

    /// <summary>About how many bytes of JSON one request carries at most (the server accepts 8 MiB).</summary>
    public const long BytesPerRequest = 2L << 20;

    private readonly ServerTransport _transport;

    /// <summary>How often the background probe asks an unreachable server whether it is back (default 5 s).</summary>
    public TimeSpan ProbeInterval
    {
        get => _transport.Circuit.ProbeInterval;
        init => _transport.Circuit.ProbeInterval = value;
    }

    /// <summary>True while the server is taken to be away: writes go straight to the spool.</summary>
    public bool IsOffline => _transport.Circuit.IsOpen;
    private readonly RunSpool _spool;
    private readonly string _clientId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly ConcurrentDictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private int _leftoversChecked;

    public HttpTrackingStore(Uri server, string? token, string spoolRoot, int attempts = 5, TimeSpan? firstDelay = null, TimeSpan? timeout = null)
    {
        Server = server;
        _transport = new ServerTransport(server, token, attempts, firstDelay ?? TimeSpan.FromMilliseconds(200), timeout ?? RequestTimeout(), TimeSpan.FromSeconds(5));
        _spool = RunSpool.For(spoolRoot, server);
    }

    /// <summary>
    /// Opens a store for the server at <paramref name="uri"/>; nothing connects until the first call. The token comes
    /// from <c>ARIADNE_TRACKING_TOKEN</c> (or MLflow's <c>MLFLOW_TRACKING_TOKEN</c>), the spool folder from
    /// <c>ARIADNE_SPOOL_DIR</c> (default <c>~/.cache/ariadne/spool</c>).
    /// </summary>
    public static HttpTrackingStore Open(string uri, string? token = null, string? spoolRoot = null)
    {
        if (!Uri.TryCreate(uri.TrimEnd('/') + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw AriadneException.InvalidArgument($"Tracking URI '{uri}' is not an http(s) URL such as http://127.0.0.1:5000.");
        }

        token ??= Environment.GetEnvironmentVariable("ARIADNE_TRACKING_TOKEN") is { Length: > 0 } own ? own : Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
        return new HttpTrackingStore(server, token, spoolRoot ?? RunSpool.DefaultRoot());
    }

    public string ClientId => _clientId;

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:5000/</c> (the web UI is served there too).</summary>
    public Uri Server { get; }

    /// <summary>How long one request may wait for an answer: ARIADNE_TRACKING_TIMEOUT (seconds), else 5 s.</summary>
    private static TimeSpan RequestTimeout()
    {
        var configured = Environment.GetEnvironmentVariable("ARIADNE_TRACKING_TIMEOUT");
        if (string.IsNullOrEmpty(configured))
        {
            return ServerTransport.DefaultRequestTimeout;
        }

        return double.TryParse(configured, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw AriadneException.InvalidArgument($"ARIADNE_TRACKING_TIMEOUT is '{configured}', not a number of seconds above 0 (such as 5 or 30).");
    }

    public RunSpool Spool => _spool;

    private static MlflowJsonContext Mlflow => MlflowJsonContext.Default;

    private static AriadneJsonContext Own => AriadneJsonContext.Default;

    public async Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        var request = new CreateExperimentRequest
        {
            Name = name,
            Tags = tags?.Select(t => new KeyValueMessage { Key = t.Key, Value = t.Value }).ToList(),
        };
        var response = await PostAsync("api/2.0/mlflow/experiments/create", request, Mlflow.CreateExperimentRequest, Mlflow.CreateExperimentResponse, cancellationToken).ConfigureAwait(false);
        return response.ExperimentId;
    }

    public async Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/get", new ExperimentRequest { ExperimentId = experimentId },
            Mlflow.ExperimentRequest, Mlflow.ExperimentResponse, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : FromJson(response.Experiment);
    }

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/get-by-name", new ExperimentRequest { ExperimentName = name },
            Mlflow.ExperimentRequest, Mlflow.ExperimentResponse, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : FromJson(response.Experiment);
    }

    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken)
    {
        var all = new List<Experiment>();
        string? token = null;
        do
        {
            var request = new SearchExperimentsRequest { ViewType = ViewTypeName(viewType), MaxResults = 50_000, PageToken = token, OrderBy = ["experiment_id ASC"] };
            var page = await PostAsync("api/2.0/mlflow/experiments/search", request, Mlflow.SearchExperimentsRequest, Mlflow.SearchExperimentsResponse, cancellationToken).ConfigureAwait(false);
            all.AddRange((page.Experiments ?? []).Select(FromJson));
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }

    public async Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken)
    {
        if (newName is not null)
        {
            await PostAsync("api/2.0/mlflow/experiments/update", new ExperimentRequest { ExperimentId = experimentId, NewName = newName }, Mlflow.ExperimentRequest, Mlflow.EmptyJson, cancellationToken).ConfigureAwait(false);
        }

        if (stage is { } s)
        {
            var action = s == LifecycleStage.Deleted ? "delete" : "restore";
            await PostAsync($"api/2.0/mlflow/experiments/{action}", new ExperimentRequest { ExperimentId = experimentId }, Mlflow.ExperimentRequest, Mlflow.EmptyJson, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        PostAsync("api/2.0/mlflow/experiments/set-experiment-tag", new ExperimentRequest { ExperimentId = experimentId, Key = key, Value = value }, Mlflow.ExperimentRequest, Mlflow.EmptyJson, cancellationToken);

    public async Task<RunInfo> CreateRunAsync(NewRun run, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/runs/create", CreateRequest(run, null), Own.AriadneCreateRunRequest, Mlflow.RunResponse, cancellationToken).ConfigureAwait(false);
        var info = FromJson(response.Run).Info;
        State(info.RunId).Info = info;
        await UploadLeftoversOnceAsync(cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>
    /// Creates a run in the experiment named (created when new) in one request; while the server is away the creation
    /// goes to the spool with the run's id chosen here, and everything logged to the run follows it there.
    /// </summary>
    public async Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken)
    {
        var request = CreateRequest(run, experimentName);
        var state = State(request.RunId!);
        state.ParentRunId = run.ParentRunId;
        var created = await WriteAsync(state, new SpoolEntry { Create = request }, cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            state.Info = created;
            await UploadLeftoversOnceAsync(cancellationToken).ConfigureAwait(false);
            return created;
        }

        return state.Info = new RunInfo(request.RunId!, "", run.RunName, RunStatus.Running, run.StartTime, null, LifecycleStage.Active, run.ParentRunId, run.UserId, "");
    }

    private static AriadneCreateRunRequest CreateRequest(NewRun run, string? experimentName) => new()
    {
        ExperimentId = experimentName is null ? run.ExperimentId : null,
        ExperimentName = experimentName,
        RunId = run.RunId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        RunName = run.RunName,
        UserId = run.UserId,
        StartTime = run.StartTime,
        ParentRunId = run.ParentRunId,
        Tags = run.Tags?.Select(t => new KeyValueMessage { Key = t.Key, Value = t.Value }).ToList(),
    };

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/2.0/mlflow/runs/get", new RunRequest { RunId = runId }, Mlflow.RunRequest, Mlflow.RunResponse, cancellationToken).ConfigureAwait(false);
        var run = FromJson(response.Run);
        if (run.Inputs.Count > 0)
        {
            var inputs = await PostAsync("api/ariadne/runs/inputs", new RunRequest { RunId = runId }, Mlflow.RunRequest, Own.InputsResponse, cancellationToken).ConfigureAwait(false);
            run = run with { Inputs = [.. inputs.Inputs.Select(i => new RunInput(i.Hash, i.Role, i.PointerPath, i.DatasetName, i.DatasetVersion))] };
        }

        State(runId).Info = run.Info;
        return run;
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken)
    {
        var request = new UpdateRunRequest { RunId = runId, Status = status is { } s ? MlflowMapping.Status(s) : null, EndTime = endTime, RunName = runName };
        var state = State(runId);
        var response = await WriteAsync(state, new SpoolEntry { Update = request }, cancellationToken).ConfigureAwait(false);
        if (response is { } info)
        {
            return state.Info = info;
        }

        var known = state.Info ?? new RunInfo(runId, "", runName ?? "", RunStatus.Running, 0, null, LifecycleStage.Active, null, "", "");
        return state.Info = known with { Status = status ?? known.Status, EndTime = endTime ?? known.EndTime, RunName = runName ?? known.RunName };
    }

    public Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken) =>
        PostAsync($"api/2.0/mlflow/runs/{(stage == LifecycleStage.Deleted ? "delete" : "restore")}", new RunRequest { RunId = runId }, Mlflow.RunRequest, Mlflow.EmptyJson, cancellationToken);

    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        foreach (var tag in tags)
        {
            TrackingLimits.CheckTag("tag", tag.Key, tag.Value);
        }

        foreach (var param in parameters)
        {
            TrackingLimits.CheckParam(param.Key, param.Value);
        }

        var state = State(runId);
        var requests = Chunks(runId, metrics, parameters, tags).ToList();
        var kept = state.Unfinished?.KeptOf(metrics, parameters, tags) ?? 0;
        state.Unfinished = null;
        for (var i = kept; i < requests.Count; i++)
        {
            try
            {
                await WriteAsync(state, new SpoolEntry { Batch = requests[i] }, cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException) when (i > 0)
            {
                // Part of the batch is kept (sent or spooled): a caller that retries the batch (the metric buffer puts
                // it back in front of newer points) must not send that part again under new sequence numbers.
                state.Unfinished = new UnfinishedBatch([.. metrics], [.. parameters], [.. tags], i);
                throw;
            }
        }
    }

    /// <summary>
    /// A batch as requests of at most <see cref="EntitiesPerRequest"/> entries and about <see cref="BytesPerRequest"/>
    /// bytes (well under the server's body limit); a batch that fits one request stays all or nothing.
    /// </summary>
    private IEnumerable<SequencedBatchRequest> Chunks(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        var request = NewRequest();
        long bytes = 0;
        var entries = 0;
        foreach (var p in parameters)
        {
            Add(p.Key.Length + p.Value.Length);
            request.Params!.Add(new KeyValueMessage { Key = p.Key, Value = p.Value });
            if (Full())
            {
                yield return request;
                request = NewRequest();
            }
        }

        foreach (var t in tags)
        {
            Add(t.Key.Length + t.Value.Length);
            request.Tags!.Add(new KeyValueMessage { Key = t.Key, Value = t.Value });
            if (Full())
            {
                yield return request;
                request = NewRequest();
            }
        }

        foreach (var m in metrics)
        {
            Add(m.Key.Length + 60);
            request.Metrics!.Add(new MetricMessage { Key = m.Key, Value = m.Value, Timestamp = m.Timestamp, Step = m.Step });
            if (Full())
            {
                yield return request;
                request = NewRequest();
            }
        }

        if (entries > 0 || (metrics.Count == 0 && parameters.Count == 0 && tags.Count == 0))
        {
            yield return request;
        }

        SequencedBatchRequest NewRequest()
        {
            bytes = 0;
            entries = 0;
            return new SequencedBatchRequest { RunId = runId, ClientId = _clientId, Metrics = [], Params = [], Tags = [] };
        }

        void Add(long size)
        {
            bytes += size + 40;
            entries++;
        }

        bool Full() => entries >= EntitiesPerRequest || bytes >= BytesPerRequest;
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken) =>
        PostAsync("api/2.0/mlflow/runs/delete-tag", new KeyValueRunRequest { RunId = runId, Key = key }, Mlflow.KeyValueRunRequest, Mlflow.EmptyJson, cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken)
    {
        foreach (var input in inputs)
        {
            TrackingLimits.CheckInput(input.DatasetHash, input.Role);
        }

        return WriteAsync(State(runId), new SpoolEntry
        {
            Inputs = new AriadneLogInputsRequest
            {
                RunId = runId,
                Inputs = [.. inputs.Select(i => new InputMessage { Hash = i.DatasetHash, Role = i.Role, PointerPath = i.PointerPath, DatasetName = i.DatasetName, DatasetVersion = i.DatasetVersion })],
            },
        }, cancellationToken);
    }

    public Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken)
    {
        foreach (var artifact in artifacts)
        {
            TrackingLimits.CheckArtifact(artifact.Path, artifact.Hash, artifact.Size);
        }

        // Content found on this machine (the run's workspace cache, or staged) goes to the server before the records.
        var content = artifacts.Select(a => (a.Hash, Source: LocalContent(a.Hash))).Where(c => c.Source is not null)
            .Select(c => new ContentMessage { Hash = c.Hash, Source = c.Source }).ToList();
        return WriteAsync(State(runId), new SpoolEntry
        {
            Artifacts = new AriadneLogArtifactsRequest
            {
                RunId = runId,
                Artifacts = [.. artifacts.Select(a => new ArtifactMessage { Path = a.Path, Hash = a.Hash, Size = a.Size })],
            },
            Content = content.Count == 0 ? null : content,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/runs/artifacts", new RunRequest { RunId = runId }, Mlflow.RunRequest, Own.ArtifactsResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Artifacts.Select(a => new RunArtifact(a.Path, a.Hash, a.Size))];
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/2.0/mlflow/metrics/get-history", new MetricHistoryRequest { RunId = runId, MetricKey = key }, Mlflow.MetricHistoryRequest, Mlflow.MetricHistoryResponse, cancellationToken).ConfigureAwait(false);
        return [.. (response.Metrics ?? []).Select(m => new Metric(m.Key, m.Value, m.Timestamp, m.Step))];
    }

    public async Task<RunPage> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken)
    {
        var request = new SearchRunsRequest
        {
            ExperimentIds = [.. search.ExperimentIds],
            Filter = search.Filter,
            OrderBy = search.OrderBy?.ToList(),
            MaxResults = search.MaxResults,
            PageToken = search.PageToken,
            RunViewType = ViewTypeName(search.ViewType),
        };
        var response = await PostAsync("api/ariadne/runs/search", request, Mlflow.SearchRunsRequest, Mlflow.SearchRunsResponse, cancellationToken).ConfigureAwait(false);
        return new RunPage([.. (response.Runs ?? []).Select(FromJson)], response.NextPageToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transport.Circuit.IsOpen && _runs.Values.Any(s => s.SpoolFile is not null))
        {
            // The server may be back before the background probe noticed: ask once (half a second at most, so a hung
            // server does not hold the program up) before a program that ends leaves its spool on disk for 'ariadne sync'.
            await _transport.Circuit.ProbeNowAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        }

        foreach (var state in _runs.Values)
        {
            await state.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (state.SpoolFile is not null)
                {
                    // Offline: do not wait on the server; the spool stays on disk for 'ariadne sync' or the next run.
                    if (!_transport.Circuit.IsOpen)
                    {
                        await TryDrainAsync(state, CancellationToken.None).ConfigureAwait(false);
                    }

                    state.SpoolFile?.Dispose();
                    state.SpoolFile = null;
                }
            }
            catch (AriadneException)
            {
                // The server is still away: the spool stays on disk for 'ariadne sync'.
            }
            finally
            {
                state.Gate.Release();
            }
        }

        _transport.Dispose();
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> requestType, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        await _transport.SendAsync(HttpMethod.Post, path, request, requestType, responseType, notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw AriadneException.StoreFailure(_transport.Description, $"an empty answer to {path}");

    private RunState State(string runId) => _runs.GetOrAdd(runId, _ => new RunState());

    private static string ViewTypeName(ViewType viewType) => viewType switch
    {
        ViewType.DeletedOnly => "DELETED_ONLY",
        ViewType.All => "ALL",
        _ => "ACTIVE_ONLY",
    };

    private sealed class RunState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Sequence { get; set; }

        public FileStream? SpoolFile { get; set; }

        public RunInfo? Info { get; set; }

        /// <summary>The run this one was started under: its spool uploads first, so the server knows the parent.</summary>
        public string? ParentRunId { get; set; }

        /// <summary>A batch whose first chunks were kept before a later one failed (a full disk under the spool).</summary>
        public UnfinishedBatch? Unfinished { get; set; }

        /// <summary>The server answered but refused part of the spool: writes stop trying to upload it.</summary>
        public bool DrainRefused { get; set; }
    }
}
