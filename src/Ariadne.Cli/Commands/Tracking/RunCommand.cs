using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>
/// <c>ariadne run [options] -- command args...</c>: runs any program as a tracked run. The child sees
/// <c>ARIADNE_RUN_ID</c> (the SDK inside attaches to the run) and <c>ARIADNE_TRACKING_URI</c>; its output is shown and
/// kept as the artifact <c>logs/output.log</c>; its exit code sets the status; declared metrics files become metrics.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment name (created when new; default 'Default')" };
        var name = new Option<string?>("--name", "-n") { Description = "Run name" };
        var parameters = new Option<string[]>("--param", "-p") { Description = "key=value, recorded as a param (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var metrics = new Option<string[]>("--metrics", "-m") { Description = "A JSON or YAML file the command writes; its numbers become metrics (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var inputs = new Option<string[]>("--input", "-i") { Description = "role=pointer-file: a tracked dataset the command reads, e.g. train=data/train.csv.ari (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var commandLine = new Argument<string[]>("command") { Description = "The program and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run any program as a tracked run: params, log, exit status, metrics files, environment.") { experiment, name, parameters, metrics, inputs, commandLine };
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(commandLine)!;
            var pairs = (parse.GetValue(parameters) ?? []).Select(p => SplitPair(p, "--param")).ToList();
            var inputPairs = (parse.GetValue(inputs) ?? []).Select(p => SplitPair(p, "--input")).ToList();
            await using var tracking = context.OpenTracking();
            var parent = Environment.GetEnvironmentVariable(TrackingKeys.RunIdVariable);
            var run = await tracking.StartNewRunAsync(parse.GetValue(experiment), parse.GetValue(name), string.IsNullOrEmpty(parent) ? null : parent,
                new Dictionary<string, string> { ["ariadne.run.command"] = string.Join(' ', args) }, ct).ConfigureAwait(false);
            await using (run.ConfigureAwait(false))
            {
                if (pairs.Count > 0)
                {
                    await run.LogParamsAsync(pairs.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)), ct).ConfigureAwait(false);
                }

                foreach (var (role, pointer) in inputPairs)
                {
                    await run.LogInputAsync(context.FullPath(pointer), role, ct).ConfigureAwait(false);
                }

                var metricFiles = (parse.GetValue(metrics) ?? []).Select(f => (Name: f, Path: context.FullPath(f))).ToList();
                var before = metricFiles.ToDictionary(f => f.Path, f => File.Exists(f.Path) ? File.GetLastWriteTimeUtc(f.Path) : (DateTime?)null, StringComparer.Ordinal);
                context.Error.WriteLine($"ariadne: run {run.RunId} \"{run.Info.RunName}\" in experiment {run.ExperimentId}");
                var (exitCode, log, cancelled) = await RunChildAsync(context, args, run.RunId, ct).ConfigureAwait(false);
                if (tracking.Workspace is not null)
                {
                    await run.LogTextAsync(log, "logs/output.log", CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var (file, full) in metricFiles)
                {
                    if (!File.Exists(full) || File.GetLastWriteTimeUtc(full) == before[full])
                    {
                        context.Error.WriteLine($"ariadne: metrics file '{file}' was not written by the command; no metrics taken from it.");
                        continue;
                    }

                    foreach (var (key, value) in MetricsFile.Read(full))
                    {
                        run.LogMetric(key, value, 0);
                    }
                }

                var status = cancelled ? RunStatus.Killed : exitCode == 0 ? RunStatus.Finished : RunStatus.Failed;
                await run.SetTagAsync("ariadne.run.exit_code", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
                await run.EndAsync(status, CancellationToken.None).ConfigureAwait(false);
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

    private static async Task<(int ExitCode, string Log, bool Cancelled)> RunChildAsync(CliContext context, string[] args, string runId, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(args[0])
        {
            WorkingDirectory = context.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[TrackingKeys.RunIdVariable] = runId;
        var workspace = TryWorkspace(context);
        if (Environment.GetEnvironmentVariable(TrackingKeys.TrackingUriVariable) is not { Length: > 0 } && workspace is not null)
        {
            info.Environment[TrackingKeys.TrackingUriVariable] = "sqlite:///" + workspace.DatabaseFile.TrimStart('/');
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw AriadneException.InvalidArgument($"Could not start '{args[0]}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw AriadneException.InvalidArgument($"Could not start '{args[0]}': {e.Message}. Check the program name and that it is on PATH.");
        }

        using (process)
        {
            var log = new StringBuilder();
            var gate = new Lock();
            async Task Pump(StreamReader reader, TextWriter echo)
            {
                var buffer = new char[4096];
                int read;
                while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
                {
                    lock (gate)
                    {
                        log.Append(buffer, 0, read);
                        echo.Write(buffer, 0, read);
                        echo.Flush();
                    }
                }
            }

            var pumps = Task.WhenAll(Pump(process.StandardOutput, context.Console.Profile.Out.Writer), Pump(process.StandardError, context.Error));
            var cancelled = false;
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await pumps.ConfigureAwait(false);
            return (process.ExitCode, log.ToString(), cancelled);
        }
    }

    private static Workspace.DataWorkspace? TryWorkspace(CliContext context)
    {
        try
        {
            return context.OpenWorkspace();
        }
        catch (AriadneException)
        {
            return null;
        }
    }
}
