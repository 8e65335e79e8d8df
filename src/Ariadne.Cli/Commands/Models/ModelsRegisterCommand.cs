using System.CommandLine;
using Ariadne.Cli.Commands.Tracking;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models register NAME (--run RUN --path outs/model | PATH) [--alias A] [--description D]</c>.</summary>
internal static class ModelsRegisterCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model, e.g. penguins (created on first registration)" };
        var path = new Argument<string?>("path") { Description = "A model file or folder in the workspace", Arity = ArgumentArity.ZeroOrOne };
        var run = new Option<string?>("--run") { Description = "Register a run's logged artifacts instead (run id or unique prefix)" };
        var runPath = new Option<string?>("--path") { Description = "With --run: the artifact path of the model among the run's artifacts" };
        var alias = new Option<string?>("--alias") { Description = "Point this alias (e.g. challenger) at the new version" };
        var description = new Option<string?>("--description") { Description = "What this version is" };
        var json = new Option<bool>("--json") { Description = "Print the new version as JSON" };
        var command = new Command("register", "Register a model file or folder, or a run's model artifacts, as the next version of a named model.") { name, path, run, runPath, alias, description, json };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(path);
            var runId = parse.GetValue(run);
            if ((given is null) == (runId is null))
            {
                throw AriadneException.InvalidArgument("Name the model's files one way: a PATH in the workspace, or --run RUN --path ARTIFACT_PATH for a run's logged artifacts.");
            }

            await using var tracking = context.OpenTracking();
            ModelVersion version;
            if (runId is not null)
            {
                var artifactPath = parse.GetValue(runPath) ?? throw AriadneException.InvalidArgument("--run needs --path: the model's artifact path among the run's artifacts, e.g. --path model.");
                var found = await RunLookup.GetAsync(tracking.Store, runId, ct).ConfigureAwait(false);
                version = await ModelRegistration.FromRunAsync(tracking.Store, tracking.Store, parse.GetValue(name)!, found.Info.RunId, artifactPath,
                    parse.GetValue(alias), parse.GetValue(description), Environment.UserName, ct, tracking.Workspace?.Cache).ConfigureAwait(false);
            }
            else
            {
                var workspace = context.OpenWorkspace();
                var full = context.FullPath(given!);
                var source = full.StartsWith(workspace.Root, StringComparison.Ordinal) ? workspace.Relative(full) : full;
                version = await ModelRegistration.FromPathAsync(tracking.Store, workspace.Cache, full, source, parse.GetValue(name)!,
                    parse.GetValue(alias), parse.GetValue(description), Environment.UserName, ct).ConfigureAwait(false);
            }

            version = await ModelsCardCommand.WriteAtRegistrationAsync(context, tracking.Store, version, ct).ConfigureAwait(false);

            // The training data its run recorded becomes the version's monitoring reference (docs/monitoring.md).
            await Ariadne.Monitoring.MonitorReference.TryCaptureAsync(tracking, version, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => ModelJson.WriteVersion(w, version));
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"Registered {version.Uri} from {version.Source}: {version.Files.Count} file(s), {Format.Bytes(version.Size)}, content {version.ContentHash[..12]}…"
                + (version.Aliases.Count > 0 ? $", alias {string.Join(", ", version.Aliases)}" : "")
                + (version.Tags.ContainsKey(ModelCards.ModelCardStore.CardTag) ? $". Card: 'ariadne models card {version.Name}/{version.Version} -o README.md'" : ""));
            return ExitCodes.Success;
        });
        return command;
    }
}
