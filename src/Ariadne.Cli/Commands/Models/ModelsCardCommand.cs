using System.CommandLine;
using Ariadne.ModelCards;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary>
/// <c>ariadne models card NAME@ALIAS|NAME/VERSION [-o FILE]</c>: writes the version's model card (Hugging Face
/// README.md) from the record, stores it with the version, and prints it or writes it to FILE. An existing FILE is the
/// card the user edited: its own sections are kept.
/// </summary>
internal static class ModelsCardCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "The version: NAME@ALIAS, NAME/VERSION or models:/… (e.g. penguins@champion)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the card to this file (e.g. README.md); sections you wrote in it are kept" };
        var command = new Command("card", "Write a model version's card (Hugging Face format: metadata, data, stages, params, metrics, sealed-set reads, environment, how to reproduce) and store it with the version.") { model, output };
        command.SetAction(async (parse, ct) =>
        {
            var uri = ModelUri.Parse(parse.GetValue(model)!);
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var version = await uri.ResolveAsync(tracking.Store, ct).ConfigureAwait(false);
            var file = parse.GetValue(output) is { } o ? context.FullPath(o) : null;
            var edited = file is not null && File.Exists(file) ? await File.ReadAllTextAsync(file, ct).ConfigureAwait(false) : null;
            var (text, hash) = await ModelCardStore.WriteAsync(tracking.Store, workspace, version.Name, version.Version, edited, ct).ConfigureAwait(false);
            if (file is null)
            {
                context.Console.Profile.Out.Writer.Write(text);
                return ExitCodes.Success;
            }

            AtomicFile.WriteAllText(file, text);
            context.Console.WriteLine($"Wrote the card of {version.Uri} to {file} (stored with the version as blake3 {hash[..12]}…). Edit the sections outside the 'ariadne:generated' markers; run this again to bring the rest up to date.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Writes and stores the card of a version just registered, when there is a workspace to store it in; returns the
    /// version as it is now (with its card tag), or as it was without a workspace.
    /// </summary>
    public static async Task<ModelVersion> WriteAtRegistrationAsync(CliContext context, global::Ariadne.Tracking.ITrackingStore store, ModelVersion version, CancellationToken cancellationToken)
    {
        global::Ariadne.Workspace.DataWorkspace workspace;
        try
        {
            workspace = context.OpenWorkspace();
        }
        catch (AriadneException e) when (e.Code == ErrorCode.NotAWorkspace)
        {
            return version;
        }

        await ModelCardStore.WriteAsync(store, workspace, version.Name, version.Version, null, cancellationToken).ConfigureAwait(false);
        return await store.GetModelVersionAsync(version.Name, version.Version, cancellationToken).ConfigureAwait(false);
    }
}
