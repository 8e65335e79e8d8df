namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    /// <summary>
    /// Sends a write, or appends it to the run's spool when the server is unreachable or the spool already holds
    /// earlier writes (order is kept: a batch never overtakes an older one). Returns the run info an update produced
    /// when it was sent, null when it was spooled. Invalid writes (4xx) still throw at once. While the server is taken
    /// to be away (<see cref="ServerCircuit"/>), a write goes to the spool without touching the network.
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

            if (state.SpoolFile is not null)
            {
                // Kept first, then uploaded with the older writes if the server is back: never lost, never reordered.
                RunSpool.Append(state.SpoolFile, entry);
                if (!_transport.Circuit.IsOpen && !state.DrainRefused)
                {
                    // Refused by a server that answers (a run it does not know): leave it to 'ariadne sync', do not resend on every write.
                    state.DrainRefused = !await TryDrainAsync(state, cancellationToken).ConfigureAwait(false) && !_transport.Circuit.IsOpen;
                }

                return null;
            }

            try
            {
                return await SendAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                state.SpoolFile = _spool.Open(entry.RunId(), _clientId);
                RunSpool.Append(state.SpoolFile, entry);
                return null;
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>
    /// Uploads the run's spool in order (its parent's first, so the server knows the parent before the child); true
    /// when it is empty afterwards (and deleted), false when the server is still away or refused part of it.
    /// </summary>
    private async Task<bool> TryDrainAsync(RunState state, CancellationToken cancellationToken)
    {
        if (state.ParentRunId is { } parentId && _runs.TryGetValue(parentId, out var parent) && parent != state)
        {
            await parent.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (parent.SpoolFile is not null && !await TryDrainAsync(parent, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
            finally
            {
                parent.Gate.Release();
            }
        }

        var file = state.SpoolFile!;
        var upload = await UploadAsync(file, cancellationToken).ConfigureAwait(false);
        if (!upload.Complete)
        {
            return false;
        }

        File.Delete(file.Name);
        await file.DisposeAsync().ConfigureAwait(false);
        state.SpoolFile = null;
        return true;
    }

    /// <summary>
    /// Sends every entry of an open (locked) spool file in order. Entries already applied by an earlier, interrupted
    /// upload are skipped by the server (sequence numbers; updates are idempotent). Only an entry the server refuses as
    /// malformed (400) is moved to a <c>.rejected</c> file next to the spool, so it cannot block the rest. A refused
    /// token stops everything with <see cref="ErrorCode.AccessDenied"/> and keeps the spool; any other refusal (a run
    /// the server does not know, a failing store) stops this file and keeps it for a later sync.
    /// </summary>
    private async Task<Upload> UploadAsync(FileStream file, CancellationToken cancellationToken)
    {
        var upload = new Upload();
        foreach (var entry in RunSpool.ReadAll(file))
        {
            try
            {
                await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                upload.Sent++;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                return upload;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.AccessDenied)
            {
                throw new AriadneException(ErrorCode.AccessDenied,
                    $"The tracking server {_transport.Description} refused the token while uploading the spool: {e.Message.TrimEnd('.')}. " +
                    $"Nothing was set aside: the spool in {_spool.Folder} is kept. Set ARIADNE_TRACKING_TOKEN to a valid token (with the writer role) and run 'ariadne sync' again.", e);
            }
            catch (AriadneException e) when (e.Code is ErrorCode.InvalidArgument or ErrorCode.InvalidFilter or ErrorCode.ResourceAlreadyExists)
            {
                upload.Rejected++;
                RunSpool.SetAside(file.Name, entry.SetAside());
            }
            catch (AriadneException e)
            {
                upload.Blocker = $"{Path.GetFileName(file.Name)}: {e.Message}";
                return upload;
            }
        }

        upload.Complete = true;
        return upload;
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
            if (entry.Content is { Count: > 0 } content)
            {
                await UploadContentAsync(content, cancellationToken).ConfigureAwait(false);
            }

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
    /// server was away), and this process's own, in dependency order: a run's creation before its writes, a parent
    /// before its children. With <paramref name="retryRejected"/> it also sends the entries set aside as
    /// <c>.rejected</c> again (those refused again stay there). What <c>ariadne sync</c> runs; a new run does it once too.
    /// </summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken, bool retryRejected = false)
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

        var held = new List<SpoolFile>();
        try
        {
            foreach (var path in _spool.Files())
            {
                var file = RunSpool.TryOpen(path);
                if (file is null)
                {
                    result.Busy++;
                    continue;
                }

                held.Add(new SpoolFile(path, file, RunSpool.ReadAll(file)));
            }

            var blocked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spool in SpoolOrder.Sort(held))
            {
                result.Files++;
                if (spool.DependsOn.Any(blocked.Contains))
                {
                    // Its parent (or its run's creation) is still waiting: sending it now would be refused as unknown.
                    result.Pending++;
                    blocked.Add(spool.RunId);
                    continue;
                }

                var upload = await UploadAsync(spool.Stream, cancellationToken).ConfigureAwait(false);
                result.Entries += upload.Sent;
                result.Rejected += upload.Rejected;
                if (upload.Complete)
                {
                    File.Delete(spool.Path);
                }
                else
                {
                    result.Pending++;
                    blocked.Add(spool.RunId);
                    if (upload.Blocker is { } blocker)
                    {
                        result.Problems.Add(blocker);
                    }
                }
            }
        }
        finally
        {
            foreach (var spool in held)
            {
                await spool.Stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (retryRejected)
        {
            foreach (var path in _spool.RejectedFiles())
            {
                var (sent, refused) = await RetryRejectedAsync(path, cancellationToken).ConfigureAwait(false);
                result.Entries += sent;
                result.Rejected += refused;
            }
        }

        foreach (var path in _spool.RejectedFiles())
        {
            result.RejectedFiles.Add(path);
        }

        return result;
    }

    /// <summary>Sends the entries of a <c>.rejected</c> file again; those refused again stay in it, the file goes when none is left.</summary>
    private async Task<(int Sent, int Refused)> RetryRejectedAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = RunSpool.TryOpen(path);
        if (file is null)
        {
            return (0, 0);
        }

        var sent = 0;
        var again = new List<SpoolEntry>();
        foreach (var entry in RunSpool.ReadAll(file))
        {
            try
            {
                await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            catch (AriadneException e) when (e.Code is not (ErrorCode.RemoteUnavailable or ErrorCode.AccessDenied))
            {
                again.Add(entry);
            }
        }

        if (again.Count == 0)
        {
            File.Delete(path);
        }
        else
        {
            RunSpool.Rewrite(file, again);
        }

        return (sent, again.Count);
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

    /// <summary>How one spool file's upload went.</summary>
    private sealed class Upload
    {
        public int Sent { get; set; }

        public int Rejected { get; set; }

        public bool Complete { get; set; }

        /// <summary>Why the upload stopped when the server answered but refused an entry that cannot be set aside.</summary>
        public string? Blocker { get; set; }
    }
}

/// <summary>
/// What a sync did: spool files seen, entries sent, entries the server refused as malformed, files still waiting (and
/// why, when the server answered), files held by running programs, and the <c>.rejected</c> files left.
/// </summary>
internal sealed class SyncResult
{
    public int Files { get; set; }

    public int Entries { get; set; }

    public int Rejected { get; set; }

    public int Pending { get; set; }

    public int Busy { get; set; }

    public List<string> Problems { get; } = [];

    public List<string> RejectedFiles { get; } = [];
}
