using System.CommandLine;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

internal static class ExperimentsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("experiments", "List, create, rename, delete and restore experiments.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Simple(context, "create", "Create an experiment.", "name", async (store, name, ct) =>
        {
            var id = await store.CreateExperimentAsync(name, null, ct).ConfigureAwait(false);
            return $"Created experiment '{name}' (id {id}).";
        }));
        command.Subcommands.Add(Rename(context));
        command.Subcommands.Add(Simple(context, "delete", "Delete an experiment (its runs stay and it can be restored).", "experiment", async (store, name, ct) =>
        {
            var experiment = await ExperimentResolver.ResolveAsync(store, name, ct).ConfigureAwait(false);
            await store.UpdateExperimentAsync(experiment.ExperimentId, null, LifecycleStage.Deleted, ct).ConfigureAwait(false);
            return $"Deleted experiment '{experiment.Name}'. Bring it back with 'ariadne experiments restore {experiment.Name}'.";
        }));
        command.Subcommands.Add(Simple(context, "restore", "Restore a deleted experiment.", "experiment", async (store, name, ct) =>
        {
            var experiment = await ExperimentResolver.ResolveAsync(store, name, ct).ConfigureAwait(false);
            await store.UpdateExperimentAsync(experiment.ExperimentId, null, LifecycleStage.Active, ct).ConfigureAwait(false);
            return $"Restored experiment '{experiment.Name}'.";
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var all = new Option<bool>("--all") { Description = "Include deleted experiments" };
        var deleted = new Option<bool>("--deleted") { Description = "Only deleted experiments" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("list", "List experiments with their run counts and last activity.") { all, deleted, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var store = tracking.Store;
            var experiments = await store.ListExperimentsAsync(ExperimentResolver.View(parse.GetValue(all), parse.GetValue(deleted)), ct).ConfigureAwait(false);
            var rows = new List<(Experiment Experiment, int Runs, long LastActivity)>();
            foreach (var experiment in experiments)
            {
                var runs = 0;
                var last = experiment.LastUpdateTime;
                await foreach (var run in store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId], MaxResults: 5000), ct).ConfigureAwait(false))
                {
                    runs++;
                    last = Math.Max(last, run.Info.EndTime ?? run.Info.StartTime);
                }

                rows.Add((experiment, runs, last));
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var (e, runs, last) in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("experiment_id", e.ExperimentId);
                        w.WriteString("name", e.Name);
                        w.WriteString("lifecycle_stage", e.LifecycleStage == LifecycleStage.Active ? "active" : "deleted");
                        w.WriteNumber("runs", runs);
                        w.WriteNumber("creation_time", e.CreationTime);
                        w.WriteNumber("last_activity", last);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "name", "runs", "last activity", "stage");
            foreach (var (e, runs, last) in rows)
            {
                table.AddRow(e.ExperimentId, Markup.Escape(e.Name), runs.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Time(last), e.LifecycleStage == LifecycleStage.Active ? "active" : "deleted");
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rename(CliContext context)
    {
        var from = new Argument<string>("experiment");
        var to = new Argument<string>("new-name");
        var command = new Command("rename", "Rename an experiment.") { from, to };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var experiment = await ExperimentResolver.ResolveAsync(tracking.Store, parse.GetValue(from)!, ct).ConfigureAwait(false);
            await tracking.Store.UpdateExperimentAsync(experiment.ExperimentId, parse.GetValue(to), null, ct).ConfigureAwait(false);
            context.Console.WriteLine($"Renamed experiment '{experiment.Name}' to '{parse.GetValue(to)}'.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Simple(CliContext context, string verb, string description, string argumentName, Func<ITrackingStore, string, CancellationToken, Task<string>> action)
    {
        var argument = new Argument<string>(argumentName);
        var command = new Command(verb, description) { argument };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            context.Console.WriteLine(await action(tracking.Store, parse.GetValue(argument)!, ct).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }
}
