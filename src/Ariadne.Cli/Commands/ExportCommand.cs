using System.CommandLine;
using Ariadne.Lineage;
using Ariadne.Provenance;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne export TARGET --ro-crate OUT [--prov OUT.json] [--downstream]</c>: the lineage of a run, file, hash or
/// model version as an RO-Crate (folder, or zip when OUT ends in .zip) and/or W3C PROV-JSON. See docs/lineage.md.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("target") { Description = "A run id, a tracked path, a content hash, or models:/NAME@ALIAS" };
        var crate = new Option<string?>("--ro-crate") { Description = "Write an RO-Crate 1.1 (Workflow/Provenance Run Crate) to this folder, or zip file when it ends in .zip" };
        var prov = new Option<string?>("--prov") { Description = "Write W3C PROV-JSON to this file" };
        var downstream = new Option<bool>("--downstream") { Description = "Export what was derived from the target instead of where it came from" };
        var command = new Command("export", "Export a run's or a file's provenance as an RO-Crate and/or W3C PROV-JSON.") { target, crate, prov, downstream };
        command.SetAction(async (parse, ct) =>
        {
            var crateOut = parse.GetValue(crate);
            var provOut = parse.GetValue(prov);
            if (crateOut is null && provOut is null)
            {
                throw AriadneException.InvalidArgument("Say what to write: --ro-crate DIR (or FILE.zip) and/or --prov FILE.json.");
            }

            if (provOut is not null && File.Exists(context.FullPath(provOut)))
            {
                throw AriadneException.InvalidArgument($"'{provOut}' exists. Name a new file for the PROV-JSON.");
            }

            var text = parse.GetValue(target)!;
            await using var tracking = context.OpenTracking();
            var direction = parse.GetValue(downstream) ? LineageDirection.Downstream : LineageDirection.Upstream;
            var graph = await new LineageWalker(tracking.Store, tracking.Workspace).TraceAsync(text, context.FullPath(text), direction, ct).ConfigureAwait(false);
            var output = context.Console.Profile.Out.Writer;
            if (crateOut is not null)
            {
                new RoCrateExport(graph, tracking.Workspace, context.Time).Write(context.FullPath(crateOut));
                output.WriteLine($"RO-Crate: {crateOut} ({graph.Runs.Count} run(s), {graph.Data.Count} data entit{(graph.Data.Count == 1 ? "y" : "ies")}, {graph.Gaps.Count} gap(s))");
            }

            if (provOut is not null)
            {
                var full = context.FullPath(provOut);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                AtomicFile.WriteAllText(full, ProvJsonExport.Write(graph));
                output.WriteLine($"PROV-JSON: {provOut}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
