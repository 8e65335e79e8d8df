using System.Diagnostics;
using System.Text;

namespace Ariadne.Pipelines;

/// <summary>
/// Runs a stage's commands one after another with <c>/bin/sh -c</c> in the stage's wdir, stopping at the first that
/// fails. The stage's <c>timeout</c> covers all of them; when it passes, or the token is cancelled, the whole process
/// tree is killed.
/// </summary>
public sealed class LocalExecutor : IStageExecutor
{
    public static LocalExecutor Instance { get; } = new();

    public async Task<CommandOutcome> RunAsync(Stage stage, string workspaceRoot, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource();
        if (stage.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var log = new StringBuilder();
        var folder = Path.Combine(workspaceRoot, stage.WorkingDirectory);
        foreach (var command in stage.Commands)
        {
            var info = new ProcessStartInfo("/bin/sh")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command);
            foreach (var (key, value) in stage.Environment.Concat(environment))
            {
                info.Environment[key] = value;
            }

            using var process = new Process { StartInfo = info };
            var gate = new Lock();
            void Line(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (gate)
                {
                    log.Append(line).Append('\n');
                    output(line);
                }
            }

            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended by itself meanwhile.
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return new CommandOutcome(process.ExitCode == 0 ? 124 : process.ExitCode, TimedOut: true, command, log.ToString());
            }

            if (process.ExitCode != 0)
            {
                return new CommandOutcome(process.ExitCode, TimedOut: false, command, log.ToString());
            }
        }

        return new CommandOutcome(0, TimedOut: false, string.Join(" && ", stage.Commands), log.ToString());
    }
}
