using System.Diagnostics;
using System.Text;
using Ariadne.Processes;

namespace Ariadne.Pipelines;

/// <summary>
/// Runs a stage's commands one after another with <c>/bin/sh -c</c> in the stage's wdir, stopping at the first that
/// fails. Each line a command prints (stdout and stderr) is passed on as it comes and kept for the stage's log. The
/// stage's <c>timeout</c> covers all of them; when it passes, or the token is cancelled, the whole process tree is killed.
/// </summary>
internal sealed class LocalExecutor : IStageExecutor
{
    public static LocalExecutor Instance { get; } = new();

    public async Task<CommandOutcome> RunAsync(Stage stage, string workspaceRoot, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var gate = new Lock();
        void Line(string line)
        {
            lock (gate)
            {
                log.Append(line).Append('\n');
                output(line);
            }
        }

        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in stage.Environment.Concat(environment))
        {
            variables[key] = value;
        }

        var watch = Stopwatch.StartNew();
        foreach (var command in stage.Commands)
        {
            var process = new ProcessCommand("/bin/sh", ["-c", command])
            {
                WorkingDirectory = Path.Combine(workspaceRoot, stage.WorkingDirectory),
                Environment = variables,
                Timeout = stage.Timeout is { } limit ? Max(limit - watch.Elapsed, TimeSpan.Zero) : null,
                Output = ProcessOutput.Lines(Line),
                Error = ProcessOutput.Lines(Line),
            };
            var result = await process.RunAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return new CommandOutcome(result.ExitCode, result.TimedOut, command, log.ToString());
            }
        }

        return new CommandOutcome(0, TimedOut: false, string.Join(" && ", stage.Commands), log.ToString());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
