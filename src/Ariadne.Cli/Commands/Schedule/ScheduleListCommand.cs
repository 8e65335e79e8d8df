using System.CommandLine;
using Ariadne.Schedules;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Schedule;

/// <summary><c>ariadne schedule list [--json]</c>: each schedule with its trigger, next slot in its time zone and last run.</summary>
internal static class ScheduleListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print as JSON (with each schedule's latest runs)" };
        var command = new Command("list", "List the schedules: trigger, next time (in the schedule's time zone), last run and its status.") { json };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            var file = ScheduleFile.Load(workspace.Root);
            await using var tracking = context.OpenTracking();
            await Scheduler.ReapAsync(tracking.Store, context.Time, ct).ConfigureAwait(false);
            var overviews = await ScheduleOverview.ListAsync(file, tracking.Store, context.Time.GetUtcNow(), parse.GetValue(json) ? 10 : 1, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("schedules");
                    foreach (var overview in overviews)
                    {
                        overview.WriteJson(w);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (overviews.Count == 0)
            {
                context.Console.WriteLine("No schedules. Add a 'schedules:' section to ariadne.yaml (see docs/schedules.md), e.g.\nschedules:\n  nightly:\n    pipeline: true\n    cron: \"0 6 * * *\"\n    timezone: Europe/Berlin");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("schedule", "action", "trigger", "next", "last run");
            foreach (var o in overviews)
            {
                var last = o.Runs.Count == 0
                    ? "never"
                    : $"{Ariadne.Tracking.StoredNames.Status(o.Runs[0].Info.Status)} {Format.Time(o.Runs[0].Info.StartTime)} ({ScheduleHistory.Tag(o.Runs[0], ScheduleKeys.TriggerTag)}, {o.Runs[0].Info.RunId})";
                table.AddRow(Markup.Escape(o.Schedule.Name), Markup.Escape(o.Schedule.Action.ToString()), Markup.Escape(o.Schedule.TriggerText),
                    Markup.Escape(o.NextLocal ?? $"on a new version of {o.Schedule.Dataset}"), Markup.Escape(last));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
