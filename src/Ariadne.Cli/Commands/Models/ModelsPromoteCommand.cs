using System.CommandLine;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary>
/// <c>ariadne models promote NAME --from challenger --to champion --require "metrics.validation.accuracy &gt;= champion"</c>:
/// moves the alias only when every rule holds, and exits 1 otherwise, so it can gate a CI job.
/// </summary>
internal static class ModelsPromoteCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name");
        var from = new Option<string>("--from") { Description = "The alias of the candidate, e.g. challenger", Required = true };
        var to = new Option<string>("--to") { Description = "The alias to move, e.g. champion", Required = true };
        var require = new Option<string[]>("--require") { Description = "A rule that must hold, e.g. \"metrics.validation.accuracy >= champion\" (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON" };
        var command = new Command("promote", "Move an alias to the version another alias points at, only when metric rules hold against the current holder.") { name, from, to, require, json };
        command.SetAction(async (parse, ct) =>
        {
            var model = parse.GetValue(name)!;
            var (fromAlias, toAlias) = (parse.GetValue(from)!, parse.GetValue(to)!);
            await using var tracking = context.OpenTracking();
            var outcome = await ModelPromotion.PromoteAsync(tracking.Store, model, fromAlias, toAlias, parse.GetValue(require) ?? [], ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("promoted", outcome.Promoted);
                    w.WriteString("alias", toAlias);
                    w.WriteNumber("candidate", outcome.Candidate.Version);
                    if (outcome.Holder is { } holder)
                    {
                        w.WriteNumber("previous", holder.Version);
                    }
                    else
                    {
                        w.WriteNull("previous");
                    }

                    w.WriteStrings("checks", outcome.Checks);
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var check in outcome.Checks)
                {
                    context.Console.WriteLine(Markup.Escape(check));
                }

                context.Console.WriteLine(outcome.Promoted
                    ? $"Promoted: models:/{model}@{toAlias} → version {outcome.Candidate.Version}{(outcome.Holder is { } h ? $" (was version {h.Version})" : "")}."
                    : $"Not promoted: models:/{model}@{toAlias} stays {(outcome.Holder is { } h2 ? $"version {h2.Version}" : "unset")}.");
            }

            return outcome.Promoted ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }
}
