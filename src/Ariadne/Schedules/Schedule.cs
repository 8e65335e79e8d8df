namespace Ariadne.Schedules;

/// <summary>
/// One entry of <c>schedules:</c> in <c>ariadne.yaml</c>: a name, what it runs, and one trigger, either
/// <see cref="Cron"/> or <see cref="Dataset"/> (a dataset name or the path of a tracked file or folder).
/// </summary>
internal sealed record Schedule(string Name, ScheduleAction Action, CronSchedule? Cron, string? Dataset, int Line)
{
    /// <summary>The trigger as written: <c>cron 0 6 * * * (Europe/Berlin)</c> or <c>on_dataset penguins</c>.</summary>
    public string TriggerText => Cron is { } cron
        ? $"cron {cron.Text} ({cron.Zone.Id})"
        : $"on_dataset {Dataset}";
}
