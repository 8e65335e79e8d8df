using System.CommandLine;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models show NAME | models:/NAME/VERSION | models:/NAME@ALIAS [--json]</c>.</summary>
internal static class ModelsShowCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("model") { Description = "A model name, or a version as models:/NAME/VERSION or models:/NAME@ALIAS" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("show", "Show a registered model with its versions, or one version with its files.") { target, json };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(target)!;
            await using var tracking = context.OpenTracking();
            if (ModelUri.IsModelUri(text) || text.Contains('@', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
            {
                var version = await ModelUri.Parse(text).ResolveAsync(tracking.Store, ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(context, w => ModelJson.WriteVersion(w, version));
                    return ExitCodes.Success;
                }

                context.Console.WriteLine($"{version.Uri}{(version.Aliases.Count > 0 ? $" ({string.Join(", ", version.Aliases)})" : "")}: {version.Status}");
                context.Console.WriteLine($"  source:     {version.Source}{(version.RunId is null ? "" : $" (run {version.RunId})")}");
                context.Console.WriteLine($"  registered: {Format.Time(version.CreatedAt)}{(version.RegisteredBy is null ? "" : $" by {version.RegisteredBy}")}");
                context.Console.WriteLine($"  content:    blake3 {version.ContentHash}, {version.Files.Count} file(s), {Format.Bytes(version.Size)}");
                if (version.Description is not null)
                {
                    context.Console.WriteLine($"  about:      {version.Description}");
                }

                foreach (var (key, value) in version.Tags)
                {
                    context.Console.WriteLine($"  tag:        {key} = {value}");
                }

                foreach (var file in version.Files)
                {
                    context.Console.WriteLine($"    {file.Hash[..12]}  {Format.Bytes(file.Size),10}  {file.Path}");
                }

                return ExitCodes.Success;
            }

            var model = await tracking.Store.GetRegisteredModelAsync(text, ct).ConfigureAwait(false);
            var versions = await ModelsVersionsCommand.ListAsync(tracking.Store, text, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("model");
                    ModelJson.WriteModel(w, model);
                    w.WriteStartArray("versions");
                    versions.ForEach(v => ModelJson.WriteVersion(w, v));
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"{model.Name}: {versions.Count} version(s){(model.Description is null ? "" : $". {model.Description}")}");
            foreach (var (alias, version) in model.Aliases)
            {
                context.Console.WriteLine($"  @{alias} → version {version}");
            }

            foreach (var (key, value) in model.Tags)
            {
                context.Console.WriteLine($"  tag {key} = {value}");
            }

            context.Console.Write(ModelsVersionsCommand.Table(versions));
            return ExitCodes.Success;
        });
        return command;
    }
}
