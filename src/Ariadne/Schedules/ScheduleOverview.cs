using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Schedules;

/// <summary>A schedule as listings show it: its next slot (cron only) and its latest runs, newest first.</summary>
internal sealed record ScheduleOverview(Schedule Schedule, DateTimeOffset? Next, IReadOnlyList<Run> Runs)
{
    /// <summary>The overview of every schedule in <paramref name="file"/>, as of <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<ScheduleOverview>> ListAsync(ScheduleFile file, ITrackingStore store, DateTimeOffset now, int runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var history = new ScheduleHistory(store);
        var result = new List<ScheduleOverview>();
        foreach (var schedule in file.Schedules)
        {
            var latest = await history.LatestRunsAsync(schedule.Name, runs, cancellationToken).ConfigureAwait(false);
            result.Add(new ScheduleOverview(schedule, schedule.Cron?.NextAfter(now), latest));
        }

        return result;
    }

    /// <summary>The next slot in the schedule's time zone, ISO-8601 with its offset (<c>2026-12-03T06:00:00+01:00</c>); null without one.</summary>
    public string? NextLocal => Next is { } next && Schedule.Cron is { } cron
        ? TimeZoneInfo.ConvertTime(next, cron.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : null;

    /// <summary>Writes the overview as one JSON object (the CLI's <c>--json</c> and the server's <c>schedules</c> endpoint share it).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("name", Schedule.Name);
        json.WriteString("action", Schedule.Action.ToString());
        if (Schedule.Cron is { } cron)
        {
            json.WriteString("trigger", ScheduleKeys.CronTrigger);
            json.WriteString("cron", cron.Text);
            json.WriteString("timezone", cron.Zone.Id);
        }
        else
        {
            json.WriteString("trigger", ScheduleKeys.DatasetTrigger);
            json.WriteString("dataset", Schedule.Dataset);
        }

        json.WriteString("trigger_text", Schedule.TriggerText);
        if (Schedule.TimeoutText is { } timeout)
        {
            json.WriteString("timeout", timeout);
        }

        if (Next is { } next)
        {
            json.WriteNumber("next", next.ToUnixTimeMilliseconds());
            json.WriteString("next_local", NextLocal);
        }
        else
        {
            json.WriteNull("next");
            json.WriteNull("next_local");
        }

        json.WriteStartArray("runs");
        foreach (var run in Runs)
        {
            json.WriteStartObject();
            json.WriteString("run_id", run.Info.RunId);
            json.WriteString("experiment_id", run.Info.ExperimentId);
            json.WriteString("run_name", run.Info.RunName);
            json.WriteString("status", StoredNames.Status(run.Info.Status));
            json.WriteNumber("start_time", run.Info.StartTime);
            if (run.Info.EndTime is { } end)
            {
                json.WriteNumber("end_time", end);
            }
            else
            {
                json.WriteNull("end_time");
            }

            json.WriteString("trigger", ScheduleHistory.Tag(run, ScheduleKeys.TriggerTag));
            json.WriteString("slot", ScheduleHistory.Tag(run, ScheduleKeys.SlotTag));
            json.WriteString("dataset", ScheduleHistory.Tag(run, ScheduleKeys.DatasetTag));
            if (int.TryParse(ScheduleHistory.Tag(run, Processes.TrackedCommand.ExitCodeTag), CultureInfo.InvariantCulture, out var code))
            {
                json.WriteNumber("exit_code", code);
            }
            else
            {
                json.WriteNull("exit_code");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
