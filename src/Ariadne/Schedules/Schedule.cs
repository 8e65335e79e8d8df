namespace Ariadne.Schedules;

/// <summary>
/// One entry of <c>schedules:</c> in <c>ariadne.yaml</c>: a name, what it runs, and one trigger, either
/// <see cref="Cron"/> or <see cref="Dataset"/> (a dataset name or the path of a tracked file or folder).
/// </summary>
internal sealed record Schedule(string Name, ScheduleAction Action, CronSchedule? Cron, string? Dataset, int Line)
{
    /// <summary>How long an execution may run before its process tree is killed and the run ends FAILED (<c>timeout:</c>; null: no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The timeout as written (<c>30m</c>), for messages; null without one.</summary>
    public string? TimeoutText { get; init; }

    /// <summary>The trigger as written: <c>cron 0 6 * * * (Europe/Berlin)</c> or <c>on_dataset penguins</c>.</summary>
    public string TriggerText => Cron is { } cron
        ? $"cron {cron.Text} ({cron.Zone.Id})"
        : $"on_dataset {Dataset}";
}
