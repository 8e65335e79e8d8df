using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Holdout;

namespace Ariadne.Cli.Commands.Data;

internal static class HoldoutCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("holdout", "The sealed test set: every read recorded (model, metric, time), a budget per split, overrides with reasons.");
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Read(context));
        command.Subcommands.Add(Seal(context));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("status", "Show the ledger: every read of a sealed set, its budget and what is left.") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var ledgerPath = LedgerName(tracking);
            var accesses = await tracking.Store.ListHoldoutReadsAsync(null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("ledger", ledgerPath);
                    w.WriteStartArray("sets");
                    foreach (var set in accesses.GroupBy(a => a.PartBlake3))
                    {
                        var last = set.Last();
                        w.WriteStartObject();
                        w.WriteString("part", last.Part);
                        w.WriteString("blake3", set.Key);
                        w.WriteString("manifest", last.Manifest);
                        w.WriteNumber("budget", last.Budget);
                        w.WriteNumber("reads", set.Count());
                        w.WriteNumber("left", Math.Max(0, last.Budget - set.Count()));
                        w.WriteStartArray("accesses");
                        foreach (var a in set)
                        {
                            w.WriteStartObject();
                            w.WriteNumber("id", a.Id);
                            w.WriteString("time", a.Time.ToString("O", CultureInfo.InvariantCulture));
                            if (a.RunId is null) { w.WriteNull("run_id"); } else { w.WriteString("run_id", a.RunId); }
                            w.WriteString("model", a.Model);
                            w.WriteString("metric", a.Metric);
                            if (a.OverrideReason is null) { w.WriteNull("override_reason"); } else { w.WriteString("override_reason", a.OverrideReason); }
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (accesses.Count == 0)
            {
                context.Console.WriteLine($"No sealed set has been read yet (ledger {ledgerPath}).");
                return ExitCodes.Success;
            }

            foreach (var set in accesses.GroupBy(a => a.PartBlake3))
            {
                var last = set.Last();
                context.Console.WriteLine($"{last.Part} (blake3 {set.Key[..12]}, {last.Manifest}): {set.Count()} read(s) of a budget of {last.Budget}{(set.Count() > last.Budget ? ", OVER BUDGET" : $", {last.Budget - set.Count()} left")}");
                var table = new Table().AddColumns("#", "time (UTC)", "run", "model", "metric", "override reason");
                foreach (var a in set)
                {
                    table.AddRow(a.Id.ToString(CultureInfo.InvariantCulture), a.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), a.RunId?[..Math.Min(8, a.RunId.Length)] ?? "",
                        Markup.Escape(a.Model), Markup.Escape(a.Metric), Markup.Escape(a.OverrideReason ?? ""));
                }

                context.Console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Read(CliContext context)
    {
        var manifest = new Argument<string>("split") { Description = "split.json or the folder holding it" };
        var model = new Option<string>("--model") { Description = "Which model is evaluated", Required = true };
        var metric = new Option<string>("--metric") { Description = "Which metric is computed", Required = true };
        var reason = new Option<string?>("--override-reason") { Description = "Read past the budget; the reason is recorded" };
        var part = new Option<string?>("--part") { Description = "Sealed part (default: the one the manifest marks)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the sealed bytes to this file (default: a new temporary file; its path is printed, delete it when done)" };
        var command = new Command("read", "Record a read of the sealed set, copy its bytes out of the content cache and print the copy's path (for scripts in any language). Inside 'ariadne run' the read is recorded on the run too.")
        {
            manifest, model, metric, reason, part, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var split = context.FullPath(parse.GetValue(manifest)!);
            var set = SealedTestSet.Open(split, tracking, parse.GetValue(part));
            if (set.IsPlainFile)
            {
                context.Error.WriteLine($"warning: the sealed part '{set.Part}' of {split} is a plain file that any script can open. 'ariadne holdout seal {Format.Shell(split)}' moves it into the content cache (or split again).");
            }

            SealedRead read;
            if (RunArtifacts.InRun)
            {
                await using var run = await tracking.StartRunAsync(cancellationToken: ct).ConfigureAwait(false);
                read = await set.ReadAsync(parse.GetValue(model)!, parse.GetValue(metric)!, run, parse.GetValue(reason), ct).ConfigureAwait(false);
            }
            else
            {
                read = await set.ReadAsync(parse.GetValue(model)!, parse.GetValue(metric)!, null, parse.GetValue(reason), ct).ConfigureAwait(false);
            }

            var path = read.Path;
            if (parse.GetValue(output) is { } file)
            {
                path = context.FullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(read.Path, path, overwrite: true);
                read.Dispose();
            }

            context.Console.Profile.Out.Writer.WriteLine(path);
            if (read.Reads > read.Budget)
            {
                context.Error.WriteLine($"warning: read {read.Reads} of a budget of {read.Budget} on '{set.Part}', recorded with the override reason.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Seal(CliContext context)
    {
        var manifest = new Argument<string>("split") { Description = "split.json or the folder holding it" };
        var command = new Command("seal", "Move the plain sealed part of a split made by an earlier Ariadne into the workspace's content cache, leaving a pointer (<part>.sealed) named in split.json. Reads nothing and records nothing.") { manifest };
        command.SetAction(parse =>
        {
            var split = context.FullPath(parse.GetValue(manifest)!);
            var file = Directory.Exists(split) ? Path.Combine(split, Ariadne.Data.Splitting.SplitManifest.FileName) : split;
            if (!SealedPartStore.Convert(file))
            {
                context.Console.WriteLine($"Nothing to do: every sealed part of {file} is already in the content cache.");
                return ExitCodes.Success;
            }

            var sealedPart = Ariadne.Data.Splitting.SplitManifest.Read(file).Parts.First(p => p.Sealed);
            context.Console.WriteLine($"Moved the sealed part '{sealedPart.Name}' (blake3 {sealedPart.Blake3[..12]}) into the content cache; {sealedPart.Pointer} stands in its place. Read it with 'ariadne holdout read'. If a pipeline stage writes this folder, rerun that stage instead ('ariadne repro --force STAGE'): it writes the new layout, where a restore from the run cache would bring the plain file back.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Where the ledger lives, for people: the workspace's tracking file, or the store ARIADNE_TRACKING_URI names (not printed: it may hold a password).</summary>
    private static string LedgerName(Ariadne.Tracking.TrackingClient tracking) =>
        Environment.GetEnvironmentVariable(Ariadne.Tracking.TrackingKeys.TrackingUriVariable) is { Length: > 0 }
            ? "the tracking store of ARIADNE_TRACKING_URI"
            : tracking.Workspace?.DatabaseFile ?? "(tracking store)";
}
