using System.CommandLine;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary><c>runs delete</c> and <c>runs restore</c>: soft delete, the data stays.</summary>
internal static class RunsLifecycleCommand
{
    public static Command Create(CliContext context, LifecycleStage stage)
    {
        var runIds = new Argument<string[]>("run-id") { Arity = ArgumentArity.OneOrMore };
        var verb = stage == LifecycleStage.Deleted ? "delete" : "restore";
        var command = new Command(verb, stage == LifecycleStage.Deleted ? "Delete runs (they can be restored)." : "Restore deleted runs.") { runIds };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            foreach (var id in parse.GetValue(runIds)!)
            {
                var run = await RunLookup.GetAsync(tracking.Store, id, ct).ConfigureAwait(false);
                await tracking.Store.SetRunLifecycleAsync(run.Info.RunId, stage, ct).ConfigureAwait(false);
                context.Console.WriteLine($"{(stage == LifecycleStage.Deleted ? "Deleted" : "Restored")} run {run.Info.RunId} \"{run.Info.RunName}\".");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
