namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    /// <summary>
    /// Sends a write, or appends it to the run's spool when the server is unreachable or the spool already holds
    /// earlier writes (order is kept: a batch never overtakes an older one). Returns the run info an update produced
    /// when it was sent, null when it was spooled. Invalid writes (4xx) still throw at once.
    /// </summary>
    private async Task<RunInfo?> WriteAsync(RunState state, SpoolEntry entry, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Batch is { } batch)
            {
                batch.Sequence = ++state.Sequence;
            }

            if (state.SpoolFile is not null && (Environment.TickCount64 < state.NextDrainAt || !await TryDrainAsync(state, cancellationToken).ConfigureAwait(false)))
            {
                RunSpool.Append(state.SpoolFile, entry);
                return null;
            }

            try
            {
                return await SendAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                var runId = entry.RunId();
                state.SpoolFile = RunSpool.TryOpen(_spool.FileOf(runId, _clientId))
                    ?? throw new AriadneException(ErrorCode.StoreFailure, $"The spool file {_spool.FileOf(runId, _clientId)} is locked by another process; nothing could be kept.", e);
                RunSpool.Append(state.SpoolFile, entry);
                state.NextDrainAt = Environment.TickCount64 + (long)DrainPause.TotalMilliseconds;
                return null;
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Uploads the run's spool in order; true when it is empty afterwards (and deleted), false when the server is still away.</summary>
    private async Task<bool> TryDrainAsync(RunState state, CancellationToken cancellationToken)
    {
        var file = state.SpoolFile!;
        var (sent, rejected, complete) = await UploadAsync(file, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            // Do not make every write wait for the retries while the server is away: try again in a few seconds.
            state.NextDrainAt = Environment.TickCount64 + (long)DrainPause.TotalMilliseconds;
            return false;
        }

        File.Delete(file.Name);
        await file.DisposeAsync().ConfigureAwait(false);
        state.SpoolFile = null;
        _ = sent + rejected;
        return true;
    }

    /// <summary>
    /// Sends every entry of an open (locked) spool file in order. Entries already applied by an earlier, interrupted
    /// upload are skipped by the server (sequence numbers; updates are idempotent). An entry the server refuses as
    /// invalid is moved to a <c>.rejected</c> file next to the spool, so it cannot block the rest.
    /// </summary>
    private async Task<(int Sent, int Rejected, bool Complete)> UploadAsync(FileStream file, CancellationToken cancellationToken)
    {
        var sent = 0;
        var rejected = 0;
        foreach (var entry in RunSpool.ReadAll(file))
        {
            try
            {
                await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                return (sent, rejected, false);
            }
            catch (AriadneException)
            {
                rejected++;
                using var dead = new FileStream(file.Name + ".rejected", FileMode.Append, FileAccess.Write, FileShare.None);
                RunSpool.Append(dead, entry);
            }
        }

        return (sent, rejected, true);
    }

    private async Task<RunInfo?> SendAsync(SpoolEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Batch is { } batch)
        {
            await PostAsync("api/ariadne/runs/log-batch", batch, Own.SequencedBatchRequest, Own.SequencedBatchResponse, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (entry.Inputs is { } inputs)
        {
            await PostAsync("api/ariadne/runs/log-inputs", inputs, Own.AriadneLogInputsRequest, Mlflow.EmptyJson, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (entry.Artifacts is { } artifacts)
        {
            await PostAsync("api/ariadne/runs/log-artifacts", artifacts, Own.AriadneLogArtifactsRequest, Mlflow.EmptyJson, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (entry.Create is { } create)
        {
            var created = await PostAsync("api/ariadne/runs/create", create, Own.AriadneCreateRunRequest, Mlflow.RunResponse, cancellationToken).ConfigureAwait(false);
            return FromJson(created.Run).Info;
        }

        var response = await PostAsync("api/2.0/mlflow/runs/update", entry.Update!, Mlflow.UpdateRunRequest, Mlflow.UpdateRunResponse, cancellationToken).ConfigureAwait(false);
        return FromJson(response.RunInfo, parentRunId: null);
    }

    /// <summary>
    /// Uploads every spool file of this server that no live process holds (left by programs that ended while the
    /// server was away), and this process's own. What <c>ariadne sync</c> runs; a new run does it once too.
    /// </summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var result = new SyncResult();
        foreach (var state in _runs.Values)
        {
            await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (state.SpoolFile is not null)
                {
                    result.Files++;
                    if (!await TryDrainAsync(state, cancellationToken).ConfigureAwait(false))
                    {
                        result.Pending++;
                    }
                }
            }
            finally
            {
                state.Gate.Release();
            }
        }

        foreach (var path in _spool.Files().ToList())
        {
            await using var file = RunSpool.TryOpen(path);
            if (file is null)
            {
                result.Busy++;
                continue;
            }

            result.Files++;
            var (sent, rejected, complete) = await UploadAsync(file, cancellationToken).ConfigureAwait(false);
            result.Entries += sent;
            result.Rejected += rejected;
            if (complete)
            {
                File.Delete(path);
            }
            else
            {
                result.Pending++;
            }
        }

        return result;
    }

    private async Task UploadLeftoversOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _leftoversChecked, 1) == 1 || !_spool.Files().Any())
        {
            return;
        }

        try
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException)
        {
            // Best effort: 'ariadne sync' reports what is left.
        }
    }
}

/// <summary>What a sync did: spool files seen, entries sent, entries the server refused, files still waiting, files held by running programs.</summary>
internal sealed class SyncResult
{
    public int Files { get; set; }

    public int Entries { get; set; }

    public int Rejected { get; set; }

    public int Pending { get; set; }

    public int Busy { get; set; }
}
