using System.CommandLine;
using Ariadne.Processes;
using Ariadne.SystemMetrics;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>
/// <c>ariadne run [options] -- command args...</c>: runs any program as a tracked run. The child sees
/// <c>ARIADNE_RUN_ID</c> (the SDK inside attaches to the run) and <c>ARIADNE_TRACKING_URI</c>; its output is shown and
/// kept as the artifact <c>logs/output.log</c>; its exit code sets the status; declared metrics files become metrics;
/// declared outputs (<c>--output</c>) are stored and recorded by content hash, so lineage can find the run that wrote them.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment name (created when new; default 'Default')" };
        var name = new Option<string?>("--name", "-n") { Description = "Run name" };
        var parameters = new Option<string[]>("--param", "-p") { Description = "key=value, recorded as a param (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var metrics = new Option<string[]>("--metrics", "-m") { Description = "A JSON or YAML file the command writes; its numbers become metrics (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var inputs = new Option<string[]>("--input", "-i") { Description = "role=pointer-file (or role=BLAKE3 hash): a tracked dataset the command reads, e.g. train=data/train.csv.ari (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var outputs = new Option<string[]>("--output", "-o") { Description = "A file or folder the command writes: stored in the cache and recorded as the run's output, by content hash, for lineage (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var systemMetrics = new Option<string?>("--system-metrics") { Description = "Seconds between system/* samples of the command's process tree (default: ARIADNE_SYSTEM_METRICS, else 10); 0 or off: none" };
        var commandLine = new Argument<string[]>("command") { Description = "The program and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run any program as a tracked run: params, log, exit status, metrics files, environment.") { experiment, name, parameters, metrics, inputs, outputs, systemMetrics, commandLine };
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(commandLine)!;
            var pairs = (parse.GetValue(parameters) ?? []).Select(p => SplitPair(p, "--param")).ToList();
            var inputPairs = (parse.GetValue(inputs) ?? []).Select(p => SplitPair(p, "--input")).ToList();
            var child = new ProcessCommand(args[0], args[1..]) { WorkingDirectory = context.WorkingDirectory };
            child.Resolve(); // a misspelt program is an error before any run is recorded
            var sampling = parse.GetValue(systemMetrics) is { } setting ? SystemMetricsSampler.ParseSetting(setting) : SystemMetricsSampler.IntervalFromEnvironment();
            await using var tracking = context.OpenTracking();
            var parent = Environment.GetEnvironmentVariable(TrackingKeys.RunIdVariable);
            var metricFileNames = parse.GetValue(metrics) ?? [];
            var run = await TrackedCommand.StartAsync(tracking, parse.GetValue(experiment), parse.GetValue(name), string.IsNullOrEmpty(parent) ? null : parent,
                string.Join(' ', args), RecordedCommand.Tags(args, metricFileNames, Path.GetRelativePath(tracking.Workspace?.Root ?? context.WorkingDirectory, context.WorkingDirectory)), pairs.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)), captureEnvironment: true, ct).ConfigureAwait(false);
            await using (run.ConfigureAwait(false))
            {
                if (sampling is { } interval)
                {
                    await run.Run.StartSystemMetricsAsync(interval).ConfigureAwait(false); // this process and the command under it
                }

                foreach (var (role, pointer) in inputPairs)
                {
                    await run.Run.LogInputAsync(Content.ContentHash.TryParse(pointer, out _) ? pointer : context.FullPath(pointer), role, ct).ConfigureAwait(false);
                }

                await RecordedCommand.LogPythonAsync(run.Run, args[0], context.WorkingDirectory, ct).ConfigureAwait(false);
                var metricFiles = metricFileNames.Select(f => (Name: f, Path: context.FullPath(f))).ToList();
                var before = metricFiles.ToDictionary(f => f.Path, f => File.Exists(f.Path) ? File.GetLastWriteTimeUtc(f.Path) : (DateTime?)null, StringComparer.Ordinal);
                context.Error.WriteLine($"ariadne: run {run.RunId} \"{run.Run.Info.RunName}\" in experiment {run.Run.ExperimentId}");
                if (!run.Run.CanStoreArtifacts)
                {
                    context.Error.WriteLine("ariadne: the output log (logs/output.log) and environment.json are not kept: outside a workspace this tracking store has no place for artifacts. Run inside a workspace ('ariadne init'), or log to a tracking server (ARIADNE_TRACKING_URI=http://...), which keeps them.");
                }

                var (exitCode, log, cancelled) = await run.RunProcessAsync(child, Echo(context.Console.Profile.Out.Writer), Echo(context.Error), ct).ConfigureAwait(false);
                foreach (var (file, full) in metricFiles)
                {
                    if (!File.Exists(full) || File.GetLastWriteTimeUtc(full) == before[full])
                    {
                        context.Error.WriteLine($"ariadne: metrics file '{file}' was not written by the command; no metrics taken from it.");
                        continue;
                    }

                    run.LogMetricsFile(full);
                }

                foreach (var output in parse.GetValue(outputs) ?? [])
                {
                    var full = context.FullPath(output);
                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        context.Error.WriteLine($"ariadne: output '{output}' does not exist after the command; not recorded.");
                        continue;
                    }

                    await run.Run.LogArtifactAsync(full, tracking.Workspace?.Relative(full) ?? Path.GetFileName(full), ct).ConfigureAwait(false);
                }

                var status = TrackedCommand.StatusOf(exitCode, cancelled);
                await run.EndAsync(status, log, exitCode).ConfigureAwait(false);
                context.Error.WriteLine($"ariadne: run {run.RunId} {status.ToString().ToUpperInvariant()} (exit code {exitCode})");
                return cancelled ? ExitCodes.Interrupted : exitCode;
            }
        });
        return command;
    }

    private static (string Key, string Value) SplitPair(string text, string option)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (text[..eq], text[(eq + 1)..]) : throw AriadneException.InvalidArgument($"{option} takes key=value, not '{text}'.");
    }

    private static Action<string> Echo(TextWriter writer) => text =>
    {
        writer.Write(text);
        writer.Flush();
    };
}
