using System.CommandLine;
using System.Globalization;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models list [--filter F] [--json]</c>.</summary>
internal static class ModelsListCommand
{
    public static Command Create(CliContext context)
    {
        var filter = new Option<string?>("--filter") { Description = "e.g. \"name LIKE 'peng%' AND tags.team = 'ecology'\"" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("list", "List registered models with their latest version and aliases.") { filter, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var models = new List<RegisteredModel>();
            string? token = null;
            do
            {
                var page = await tracking.Store.SearchRegisteredModelsAsync(new ModelSearch(parse.GetValue(filter), MaxResults: ModelSearchSql.MaxModelResults, PageToken: token), ct).ConfigureAwait(false);
                models.AddRange(page.Models);
                token = page.NextPageToken;
            }
            while (token is not null);

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    models.ForEach(m => ModelJson.WriteModel(w, m));
                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (models.Count == 0)
            {
                context.Console.WriteLine("No registered models. Register one with 'ariadne models register NAME PATH'.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("model", "latest", "aliases", "updated", "description");
            foreach (var m in models)
            {
                table.AddRow(Markup.Escape(m.Name), m.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(string.Join(", ", m.Aliases.Select(a => $"{a.Key}→{a.Value.ToString(CultureInfo.InvariantCulture)}"))), Format.Time(m.UpdatedAt), Markup.Escape(m.Description ?? ""));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
