using System.CommandLine;
using System.Globalization;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models versions NAME [--json]</c>.</summary>
internal static class ModelsVersionsCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name");
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("versions", "List a model's versions, newest first: source run or path, files, aliases, who registered each.") { name, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var versions = await ListAsync(tracking.Store, parse.GetValue(name)!, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    versions.ForEach(v => ModelJson.WriteVersion(w, v));
                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            context.Console.Write(Table(versions));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every version of a model, newest first; an unknown model is ResourceNotFound.</summary>
    public static async Task<List<ModelVersion>> ListAsync(IModelRegistry registry, string name, CancellationToken ct)
    {
        _ = await registry.GetRegisteredModelAsync(name, ct).ConfigureAwait(false);
        var versions = new List<ModelVersion>();
        string? token = null;
        do
        {
            var filter = $"name = '{name.Replace("'", "''", StringComparison.Ordinal)}'";
            var page = await registry.SearchModelVersionsAsync(new ModelSearch(filter, ["version_number DESC"], 10_000, token), ct).ConfigureAwait(false);
            versions.AddRange(page.Versions);
            token = page.NextPageToken;
        }
        while (token is not null);

        return versions;
    }

    public static Table Table(IEnumerable<ModelVersion> versions)
    {
        var table = new Table().AddColumns("version", "aliases", "source", "files", "size", "content", "registered", "by");
        foreach (var v in versions)
        {
            table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", v.Aliases)), Markup.Escape(v.Source),
                v.Files.Count.ToString(CultureInfo.InvariantCulture), Format.Bytes(v.Size), v.ContentHash[..12], Format.Time(v.CreatedAt), Markup.Escape(v.RegisteredBy ?? ""));
        }

        return table;
    }
}
