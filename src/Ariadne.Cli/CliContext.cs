using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>Everything a command needs from its surroundings, so commands run the same in-process (tests) and as the tool.</summary>
internal sealed class CliContext
{
    public CliContext(string workingDirectory, IAnsiConsole console, TextWriter error, bool isTerminal, TimeProvider time)
    {
        WorkingDirectory = workingDirectory;
        Console = console;
        Error = error;
        IsTerminal = isTerminal;
        Time = time;
    }

    public string WorkingDirectory { get; }

    public IAnsiConsole Console { get; }

    public TextWriter Error { get; }

    /// <summary>True when stderr is a terminal: progress bars are drawn only then.</summary>
    public bool IsTerminal { get; }

    public TimeProvider Time { get; }

    /// <summary>A user-given path made absolute against the command's working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    public IReadOnlyList<string> FullPaths(IEnumerable<string>? paths) => [.. (paths ?? []).Select(FullPath)];

    public Workspace.DataWorkspace OpenWorkspace() => Workspace.DataWorkspace.Open(WorkingDirectory, Time);

    /// <summary>The tracking store: ARIADNE_TRACKING_URI, else the workspace's embedded database.</summary>
    public Tracking.TrackingClient OpenTracking() => Tracking.TrackingClient.Open(folder: WorkingDirectory, time: Time);

    /// <summary>Runs <paramref name="work"/> with a progress bar on a terminal, silently otherwise.</summary>
    public T WithProgress<T>(Func<IProgressReporter, T> work)
    {
        if (!IsTerminal)
        {
            return work(NoProgress.Instance);
        }

        return Console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => work(new SpectreProgress(ctx)));
    }

    public Task<T> WithProgressAsync<T>(Func<IProgressReporter, Task<T>> work)
    {
        if (!IsTerminal)
        {
            return work(NoProgress.Instance);
        }

        return Console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(ctx => work(new SpectreProgress(ctx)));
    }
}
