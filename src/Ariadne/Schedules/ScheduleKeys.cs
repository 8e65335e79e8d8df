namespace Ariadne.Schedules;

/// <summary>The names schedules are recorded under (docs/schedules.md): every execution is a run in <see cref="Experiment"/>.</summary>
internal static class ScheduleKeys
{
    public const string Experiment = "ariadne-schedules";

    /// <summary>The schedule's name.</summary>
    public const string ScheduleTag = "ariadne.schedule";

    /// <summary><c>cron</c>, <c>dataset</c> or <c>manual</c>.</summary>
    public const string TriggerTag = "ariadne.schedule.trigger";

    /// <summary>The cron slot the run is for, ISO-8601 in UTC (<c>2026-12-02T06:00:00Z</c>); cron runs only.</summary>
    public const string SlotTag = "ariadne.schedule.slot";

    /// <summary>The dataset version (<c>name@version</c>) whose registration started the run; dataset runs only.</summary>
    public const string DatasetTag = "ariadne.schedule.dataset";

    /// <summary>What the schedule runs, as written (<c>pipeline</c>, <c>stage train</c>, <c>monitor check</c>, <c>command ...</c>).</summary>
    public const string ActionTag = "ariadne.schedule.action";

    /// <summary>The schedule's <c>timeout:</c> as written, on runs of a schedule that has one.</summary>
    public const string TimeoutTag = "ariadne.schedule.timeout";

    /// <summary>The exit code recorded when an execution ran past its timeout and was killed (as timeout(1) exits).</summary>
    public const int TimedOutExitCode = 124;

    public const string CronTrigger = "cron";
    public const string DatasetTrigger = "dataset";
    public const string ManualTrigger = "manual";

    /// <summary>The ISO-8601 text of a slot: UTC, to the second, so the texts of one schedule sort as their times do.</summary>
    public static string SlotText(DateTimeOffset slot) =>
        slot.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
