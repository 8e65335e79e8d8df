using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Ariadne.Processes;

/// <summary>
/// The one way Ariadne starts a program: an argument list (never a shell string), a working folder, variables added
/// to the child's environment, an optional timeout, optional bytes on standard input (otherwise it is closed at once),
/// and where standard output and error go. Both streams are read while the child runs, so it never blocks on a full
/// pipe. At the timeout, or when the token is cancelled, the child and every process it started are killed: a timeout
/// returns a result with <see cref="ProcessResult.TimedOut"/>, a cancellation throws <see cref="OperationCanceledException"/>
/// once the tree is gone. A program that cannot be found or started is an <see cref="AriadneException"/> naming it.
/// </summary>
internal sealed record ProcessCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The child's working folder (default: this process's current folder). A program named by a relative path is found from here.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set in the child's environment on top of this process's; a null value removes one.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long the child may run before its process tree is killed (default: no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What the child reads on standard input; null closes it at once, so a child that reads it sees its end instead of waiting.</summary>
    public byte[]? Input { get; init; }

    /// <summary>Where standard output goes; null keeps it in <see cref="ProcessResult.Output"/>.</summary>
    public ProcessOutput? Output { get; init; }

    /// <summary>Where standard error goes; null keeps it in <see cref="ProcessResult.Error"/>.</summary>
    public ProcessOutput? Error { get; init; }

    /// <summary>At most this many characters of a kept stream are kept; the rest is read and dropped (<see cref="ProcessResult.OutputTruncated"/>).</summary>
    public int MaxKeptChars { get; init; } = int.MaxValue;

    /// <summary>The program and its arguments, separated by spaces, for messages.</summary>
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);

    /// <summary>The full path of the file the command starts; throws a clear error when it or the working folder is missing.</summary>
    public string Resolve()
    {
        var folder = WorkingDirectory ?? Directory.GetCurrentDirectory();
        if (!Directory.Exists(folder))
        {
            throw AriadneException.ProgramNotStarted(Program, $"its working folder '{folder}' does not exist");
        }

        var searchPath = Environment.TryGetValue("PATH", out var path) ? path : null;
        return ProgramPath.Find(Program, folder, searchPath)
            ?? throw AriadneException.ProgramNotStarted(Program, Program.Contains('/', StringComparison.Ordinal)
                ? $"there is no executable file '{Path.GetFullPath(Program, folder)}'"
                : "it is not installed, or not in a folder on PATH");
    }

    public async Task<ProcessResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var file = Resolve();
        var folder = WorkingDirectory ?? Directory.GetCurrentDirectory();
        var output = Output is null ? new KeptText(MaxKeptChars) : null;
        var error = Error is null ? new KeptText(MaxKeptChars) : null;
        var command = Cli.Wrap(file)
            .WithArguments(Arguments)
            .WithWorkingDirectory(folder)
            .WithEnvironmentVariables(variables =>
            {
                foreach (var (key, value) in Environment)
                {
                    variables.Set(key, value);
                }
            })
            .WithStandardInputPipe(Input is null ? PipeSource.Null : PipeSource.FromBytes(Input))
            .WithStandardOutputPipe(output?.Target ?? Output!.ToPipeTarget())
            .WithStandardErrorPipe(error?.Target ?? Error!.ToPipeTarget())
            .WithValidation(CommandResultValidation.None);

        using var timeout = new CancellationTokenSource();
        if (Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var watch = Stopwatch.StartNew();
        try
        {
            // Forceful cancellation: CliWrap kills the whole process tree and waits for the child to end before it throws.
            var result = await command.ExecuteAsync(stop.Token).ConfigureAwait(false);
            return new ProcessResult(result.ExitCode, TimedOut: false, output?.Text ?? "", output?.Truncated ?? false, error?.Text ?? "", watch.Elapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProcessResult(ProcessResult.KilledExitCode, TimedOut: true, output?.Text ?? "", output?.Truncated ?? false, error?.Text ?? "", watch.Elapsed);
        }
        catch (Win32Exception e)
        {
            throw AriadneException.ProgramNotStarted(Program, e.InnerException?.Message ?? e.Message, e);
        }
    }

    /// <summary>Runs the command and waits for it, for callers that are not asynchronous.</summary>
    public ProcessResult Run() => Task.Run(() => RunAsync(CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>A stream kept as text, up to a number of characters; the rest is read and dropped.</summary>
    private sealed class KeptText(int maxChars)
    {
        private readonly StringBuilder _text = new();

        public string Text => _text.ToString();

        public bool Truncated { get; private set; }

        public PipeTarget Target => PipeTarget.Create(async (stream, cancellationToken) =>
        {
            using var reader = new StreamReader(stream, ProcessOutput.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var room = maxChars - _text.Length;
                if (read > room)
                {
                    Truncated = true;
                }

                _text.Append(buffer, 0, Math.Min(read, Math.Max(0, room)));
            }
        });
    }
}
