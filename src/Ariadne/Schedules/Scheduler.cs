using Ariadne.Tracking;

namespace Ariadne.Schedules;

/// <summary>
/// Decides which schedules are due and runs them, on the clock of an injected <see cref="TimeProvider"/>.
/// <list type="bullet">
/// <item>A cron schedule is due when a slot has passed since the last slot the store recorded a run for (or, for a
/// schedule that never ran, since this scheduler started). However many slots passed while no scheduler ran, only the
/// latest one runs: once, not once per missed slot.</item>
/// <item>A dataset schedule is due when the newest version of its dataset has no run yet. The versions that existed
/// before a schedule's first run and before this scheduler started count as seen.</item>
/// <item>A slot or version is claimed by creating its run with a derived id (<see cref="ScheduleRunId"/>): two
/// schedulers on one store never both run it.</item>
/// <item>A schedule still running when its next slot comes is not started twice; the slot runs when it ends.</item>
/// </list>
/// </summary>
internal sealed class Scheduler
{
    private readonly ScheduleRunner _runner;
    private readonly ScheduleHistory _history;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _lastSlot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastVersion = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _reaped;

    public Scheduler(IReadOnlyList<Schedule> schedules, ScheduleRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        Schedules = schedules;
        _runner = runner;
        _time = runner.Options.Time;
        _history = new ScheduleHistory(runner.Options.Store);
        StartedAt = _time.GetUtcNow();
    }

    public IReadOnlyList<Schedule> Schedules { get; }

    /// <summary>When this scheduler started: slots and dataset versions before it count only for schedules that ran before.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>How often dataset versions are looked at (default 5 s).</summary>
    public TimeSpan DatasetPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sees each execution's output as it comes (the server prints nothing of it; tests may).</summary>
    public Action<Schedule, string>? Echo { get; init; }

    /// <summary>Starts every due schedule that is not running already, and returns their executions as they run.</summary>
    public async Task<IReadOnlyList<Task<ScheduleExecution>>> StartDueAsync(CancellationToken cancellationToken)
    {
        if (!_reaped)
        {
            // Runs a killed server left RUNNING (kill -9, power loss) are marked KILLED before anything starts.
            _reaped = true;
            await ReapAsync(_runner.Options.Store, _time, cancellationToken).ConfigureAwait(false);
        }

        var started = new List<Task<ScheduleExecution>>();
        foreach (var schedule in Schedules)
        {
            lock (_gate)
            {
                if (_busy.Contains(schedule.Name))
                {
                    continue;
                }
            }

            var due = await DueAsync(schedule, cancellationToken).ConfigureAwait(false);
            if (due is not { } occasion)
            {
                continue;
            }

            lock (_gate)
            {
                _busy.Add(schedule.Name);
            }

            started.Add(RunAsync(schedule, occasion.Trigger, occasion.Text, cancellationToken));
        }

        return started;
    }

    /// <summary>Marks KILLED the runs whose process is gone (see <see cref="RunReaper"/>); a store that is away is left for later.</summary>
    internal static async Task<int> ReapAsync(ITrackingStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await new RunReaper(store, time).ReapAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
        {
            return 0;
        }
    }

    /// <summary>Runs every due schedule and waits for them: what a test drives with a fake clock.</summary>
    public async Task<IReadOnlyList<ScheduleExecution>> RunDueAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(await StartDueAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>How long to wait before looking again: until the next cron slot, at most <see cref="DatasetPollInterval"/> with dataset schedules, at most a minute.</summary>
    public TimeSpan DelayUntilNext()
    {
        var now = _time.GetUtcNow();
        var delay = TimeSpan.FromMinutes(1);
        foreach (var schedule in Schedules)
        {
            if (schedule.Cron?.NextAfter(now) is { } next && next - now < delay)
            {
                delay = next - now;
            }
            else if (schedule.Dataset is not null && DatasetPollInterval < delay)
            {
                delay = DatasetPollInterval;
            }
        }

        return delay < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : delay;
    }

    private async Task<ScheduleExecution> RunAsync(Schedule schedule, string trigger, string occasion, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            Action<string>? echo = Echo is { } e ? text => e(schedule, text) : null;
            return await _runner.RunAsync(schedule, trigger, occasion, echo, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _busy.Remove(schedule.Name);
            }
        }
    }

    private async Task<(string Trigger, string Text)?> DueAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (schedule.Cron is { } cron)
        {
            if (!_lastSlot.TryGetValue(schedule.Name, out var last))
            {
                last = await _history.LastSlotAsync(schedule.Name, cancellationToken).ConfigureAwait(false) ?? StartedAt;
                _lastSlot[schedule.Name] = last;
            }

            if (cron.LatestIn(last, now) is not { } slot)
            {
                return null;
            }

            // Taken now: whether this scheduler or another one runs it, this slot is done here.
            _lastSlot[schedule.Name] = slot;
            return (ScheduleKeys.CronTrigger, ScheduleKeys.SlotText(slot));
        }

        var newest = await NewestVersionAsync(schedule.Dataset!, cancellationToken).ConfigureAwait(false);
        if (newest is null)
        {
            return null;
        }

        var key = $"{newest.Name}@{newest.Version}";
        if (_lastVersion.TryGetValue(schedule.Name, out var seen) && seen == key)
        {
            return null;
        }

        if (seen is null)
        {
            var recorded = await _history.LastDatasetVersionAsync(schedule.Name, cancellationToken).ConfigureAwait(false);
            if (recorded == key || (recorded is null && newest.CreatedAt < StartedAt.ToUnixTimeMilliseconds()))
            {
                _lastVersion[schedule.Name] = key;
                return null;
            }
        }

        _lastVersion[schedule.Name] = key;
        return (ScheduleKeys.DatasetTrigger, key);
    }

    /// <summary>The newest version of the dataset a schedule watches: by dataset name, or by the path of its pointer file or of the tracked data.</summary>
    private async Task<DatasetVersion?> NewestVersionAsync(string dataset, CancellationToken cancellationToken)
    {
        var versions = await _runner.Options.Store.ListDatasetVersionsAsync(null, cancellationToken).ConfigureAwait(false);
        var path = dataset.Replace('\\', '/').TrimEnd('/');
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        return versions
            .Where(v => v.Name == dataset || v.PointerPath == path || v.PointerPath == path + Workspace.PointerFile.Extension)
            .OrderByDescending(v => v.CreatedAt)
            .FirstOrDefault();
    }
}
