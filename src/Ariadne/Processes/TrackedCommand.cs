using System.Globalization;
using System.Text;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Processes;

/// <summary>
/// A command run as a tracked run, from the run's start to its end: <c>ariadne run</c>, every pipeline stage and every
/// experiment go through it. It starts the run (the command line as a tag, params), gives the command the variables
/// that attach the SDK inside it to the run, keeps the command's output as the run's log artifact, records the exit
/// code, and ends the run with the status the end calls for: finished, failed, or killed when interrupted.
/// </summary>
internal sealed class TrackedCommand : IAsyncDisposable
{
    public const string CommandTag = "ariadne.run.command";
    public const string ExitCodeTag = "ariadne.run.exit_code";
    public const string LogArtifact = "logs/output.log";

    private readonly TrackingClient _client;

    private TrackedCommand(TrackingClient client, ActiveRun run, DataWorkspace? workspace)
    {
        _client = client;
        Run = run;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [TrackingKeys.RunIdVariable] = run.RunId };
        if (System.Environment.GetEnvironmentVariable(TrackingKeys.TrackingUriVariable) is not { Length: > 0 })
        {
            // A command in an experiment's working copy or a reproduction's worktree records into the store the client writes to.
            var store = client.Workspace ?? workspace;
            var uri = client.StoreUri ?? (store is null ? null : "sqlite:///" + store.DatabaseFile.TrimStart('/'));
            if (uri is not null)
            {
                variables[TrackingKeys.TrackingUriVariable] = uri;
            }
        }

        Environment = variables;
    }

    public ActiveRun Run { get; }

    public string RunId => Run.RunId;

    /// <summary>What the command must see to log into this run: <c>ARIADNE_RUN_ID</c> and, unless already set, <c>ARIADNE_TRACKING_URI</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Starts the run that will hold the command.</summary>
    /// <param name="command">The command line, recorded as the <see cref="CommandTag"/> tag; null when the run holds a whole pipeline.</param>
    /// <param name="workspace">The workspace whose store the command logs into when the tracking client has none.</param>
    public static async Task<TrackedCommand> StartAsync(
        TrackingClient client, string? experiment, string? name, string? parentRunId, string? command,
        IReadOnlyDictionary<string, string>? tags, IEnumerable<KeyValuePair<string, object>>? parameters, bool captureEnvironment,
        CancellationToken cancellationToken, DataWorkspace? workspace = null)
    {
        var allTags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (command is not null)
        {
            allTags[CommandTag] = command;
        }

        var run = await client.StartNewRunAsync(experiment, name, parentRunId, allTags, captureEnvironment, cancellationToken).ConfigureAwait(false);
        var tracked = new TrackedCommand(client, run, workspace);
        var list = parameters?.ToList() ?? [];
        if (list.Count > 0)
        {
            await tracked.GuardAsync(async () =>
            {
                await run.LogParamsAsync(list, cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        return tracked;
    }

    /// <summary>
    /// Runs <paramref name="command"/> with this run's variables; its output goes to <paramref name="output"/> and
    /// <paramref name="error"/> as it comes and is kept for the log. A cancelled token kills its process tree.
    /// </summary>
    public async Task<(int ExitCode, string Log, bool Cancelled)> RunProcessAsync(ProcessCommand command, Action<string> output, Action<string> error, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var gate = new Lock();
        Action<string> Keep(Action<string> echo) => text =>
        {
            lock (gate)
            {
                log.Append(text);
                echo(text);
            }
        };

        var environment = new Dictionary<string, string?>(command.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in Environment)
        {
            environment[key] = value;
        }

        try
        {
            var result = await (command with { Environment = environment, Output = ProcessOutput.Text(Keep(output)), Error = ProcessOutput.Text(Keep(error)) })
                .RunAsync(cancellationToken).ConfigureAwait(false);
            return (result.ExitCode, log.ToString(), false);
        }
        catch (OperationCanceledException)
        {
            return (ProcessResult.KilledExitCode, log.ToString(), true);
        }
    }

    /// <summary>Takes the numbers in a metrics file (JSON or YAML) the command wrote as metrics at step 0.</summary>
    public void LogMetricsFile(string path)
    {
        foreach (var (key, value) in MetricsFile.Read(path))
        {
            Run.LogMetric(key, value, 0);
        }
    }

    /// <summary>The status a command's end gives its run.</summary>
    public static RunStatus StatusOf(int exitCode, bool cancelled) =>
        cancelled ? RunStatus.Killed : exitCode == 0 ? RunStatus.Finished : RunStatus.Failed;

    /// <summary>Ends the run: keeps a non-empty <paramref name="log"/> as <see cref="LogArtifact"/>, records <paramref name="exitCode"/>, sets <paramref name="status"/>.</summary>
    public async Task EndAsync(RunStatus status, string? log = null, int? exitCode = null)
    {
        if (log is { Length: > 0 } && Run.CanStoreArtifacts)
        {
            await Run.LogTextAsync(log, LogArtifact, CancellationToken.None).ConfigureAwait(false);
        }

        if (exitCode is { } code)
        {
            await Run.SetTagAsync(ExitCodeTag, code.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
        }

        await Run.EndAsync(status, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/>; when it throws, ends the run killed (interrupted) or failed, and rethrows.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await EndAsync(RunStatus.Killed).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await EndAsync(RunStatus.Failed).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends a run that was not ended as failed.</summary>
    public ValueTask DisposeAsync() => Run.DisposeAsync();
}
