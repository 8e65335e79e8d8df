using System.CommandLine;
using Ariadne.RunContext;

namespace Ariadne.Cli.Commands.Env;

/// <summary><c>ariadne env export RUN --dockerfile [-o FILE]</c>: a container recipe that rebuilds the environment a run recorded.</summary>
internal static class EnvExportCommand
{
    public static Command Create(CliContext context)
    {
        var runId = new Argument<string>("run") { Description = "Run id (or its first 6+ characters)" };
        var dockerfile = new Option<bool>("--dockerfile") { Description = "Write a Dockerfile (the one format so far)" };
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: print it)" };
        var command = new Command("export", "Write a container recipe (Dockerfile) that rebuilds the environment a run recorded.") { runId, dockerfile, output };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(dockerfile))
            {
                throw AriadneException.InvalidArgument("Say which recipe to write: 'ariadne env export RUN --dockerfile' (the one format so far).");
            }

            await using var tracking = context.OpenTracking();
            var (run, environment) = await RunEnvironmentLookup.LoadAsync(context, tracking, parse.GetValue(runId)!, ct).ConfigureAwait(false);
            var text = DockerfileRecipe.Write(environment, run.Info.RunId);
            if (parse.GetValue(output) is { } file)
            {
                var path = context.FullPath(file);
                await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
                context.Error.WriteLine($"Wrote {file} (base image {DockerfileRecipe.BaseImage(environment)}).");
            }
            else
            {
                context.Console.Profile.Out.Writer.Write(text);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
