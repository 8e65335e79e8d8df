namespace Ariadne.Tracking.Http;

/// <summary>
/// Whether the tracking server is taken to be reachable. The first request that gets no answer (refused, timed out,
/// a 5xx that outlasted the retries) opens the circuit: from then on every request fails at once as unavailable (the
/// store spools writes), so a training loop waits on a hung server at most once per outage. While open, a background
/// probe asks the server's <c>/health</c> every <see cref="ProbeInterval"/> with a short timeout, and closes the
/// circuit when the server answers healthy.
/// </summary>
internal sealed class ServerCircuit : IDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _probe;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _probing;

    public ServerCircuit(Func<CancellationToken, Task<bool>> probe, TimeSpan probeInterval)
    {
        _probe = probe;
        ProbeInterval = probeInterval;
    }

    /// <summary>How long between two background probes while the server is away.</summary>
    public TimeSpan ProbeInterval { get; set; }

    /// <summary>True while the server is taken to be away.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Why the circuit opened: the failure of the request that found the server away.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Takes the server to be away and starts probing it in the background (once).</summary>
    public void Open(string reason)
    {
        lock (_gate)
        {
            Reason = reason;
            IsOpen = true;
            if (_probing is null && !_stop.IsCancellationRequested)
            {
                _probing = Task.Run(ProbeAsync);
            }
        }
    }

    /// <summary>
    /// Asks the server once, now, waiting at most <paramref name="limit"/>, and closes the circuit when it answers
    /// healthy; true when it is closed.
    /// </summary>
    public async Task<bool> ProbeNowAsync(TimeSpan limit)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(limit);
            if (!IsOpen || await _probe(timeout.Token).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    IsOpen = false;
                }

                return true;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            // Still away (or the client is closing): the circuit stays open.
        }

        return !IsOpen;
    }

    private async Task ProbeAsync()
    {
        var pause = ProbeInterval > TimeSpan.FromMilliseconds(20) ? ProbeInterval : TimeSpan.FromMilliseconds(20);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
                if (await _probe(_stop.Token).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        IsOpen = false;
                        _probing = null;
                    }

                    return;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return; // the client was disposed
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
