using Ariadne.Tracking;

namespace Ariadne.Schedules;

/// <summary>
/// What the store says a schedule did: its runs in <see cref="ScheduleKeys.Experiment"/>, newest first. Schedulers
/// keep no state of their own beyond a cache of this, so a restarted server, or a second one, agrees with the first.
/// </summary>
internal sealed class ScheduleHistory(ITrackingStore store)
{
    /// <summary>The schedule's latest runs (any trigger), newest first; none when nothing ran yet.</summary>
    public async Task<IReadOnlyList<Run>> LatestRunsAsync(string schedule, int count, CancellationToken cancellationToken)
    {
        var experiment = await ExperimentIdAsync(cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return [];
        }

        var page = await store.SearchRunsAsync(new RunSearch([experiment], Filter(schedule, null), MaxResults: count), cancellationToken).ConfigureAwait(false);
        return page.Runs;
    }

    /// <summary>The latest cron slot a run was recorded for, or null when the schedule never ran on its cron.</summary>
    public async Task<DateTimeOffset?> LastSlotAsync(string schedule, CancellationToken cancellationToken)
    {
        var experiment = await ExperimentIdAsync(cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return null;
        }

        var page = await store.SearchRunsAsync(
            new RunSearch([experiment], Filter(schedule, ScheduleKeys.CronTrigger), [$"tags.`{ScheduleKeys.SlotTag}` DESC"], MaxResults: 1, ViewType: ViewType.All),
            cancellationToken).ConfigureAwait(false);
        var text = page.Runs.Count == 0 ? null : Tag(page.Runs[0], ScheduleKeys.SlotTag);
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var slot) ? slot : null;
    }

    /// <summary>The dataset version (<c>name@version</c>) the schedule last ran for, or null when it never ran on a dataset.</summary>
    public async Task<string?> LastDatasetVersionAsync(string schedule, CancellationToken cancellationToken)
    {
        var experiment = await ExperimentIdAsync(cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return null;
        }

        var page = await store.SearchRunsAsync(
            new RunSearch([experiment], Filter(schedule, ScheduleKeys.DatasetTrigger), MaxResults: 1, ViewType: ViewType.All), cancellationToken).ConfigureAwait(false);
        return page.Runs.Count == 0 ? null : Tag(page.Runs[0], ScheduleKeys.DatasetTag);
    }

    public static string? Tag(Run run, string key) => run.Tags.Where(t => t.Key == key).Select(t => (string?)t.Value).FirstOrDefault();

    private async Task<string?> ExperimentIdAsync(CancellationToken cancellationToken) =>
        (await store.GetExperimentByNameAsync(ScheduleKeys.Experiment, cancellationToken).ConfigureAwait(false))?.ExperimentId;

    // Schedule names are letters, digits, '.', '-' and '_' (the parser checks), so they need no escaping in a filter.
    private static string Filter(string schedule, string? trigger) =>
        $"tags.`{ScheduleKeys.ScheduleTag}` = '{schedule}'" + (trigger is null ? "" : $" AND tags.`{ScheduleKeys.TriggerTag}` = '{trigger}'");
}
