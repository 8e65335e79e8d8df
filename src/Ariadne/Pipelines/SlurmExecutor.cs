using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ariadne.Processes;

namespace Ariadne.Pipelines;

/// <summary>
/// Runs each attempt of a stage as a Slurm batch job: a generated script in <c>.ariadne/tmp/slurm/</c> (the stage's
/// wdir, its env and the tracked run's variables, then its commands one after another, stopping at the first that
/// fails) goes to <c>sbatch</c> with the stage's resources (<c>--cpus-per-task</c>, <c>--mem</c>, <c>--gres=gpu:N</c>,
/// <c>--time</c>) and the stage's name as the job name. The job is polled (<c>scontrol show job</c>, then
/// <c>sacct</c> once the controller forgot it) until it ends; its log file (stdout and stderr together) is passed on
/// line by line while it grows. The stage's <c>timeout</c> counts from when the job starts running: when it passes,
/// or the token is cancelled (Ctrl-C), the job is cancelled with <c>scancel</c>. Workspace and cluster nodes must
/// share the file system (the job reads and writes the workspace in place).
/// </summary>
internal sealed class SlurmExecutor : IStageExecutor
{
    /// <summary>The tag holding the Slurm job id on the stage's tracked run.</summary>
    public const string JobIdTag = "ariadne.slurm.job_id";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(60);
    private readonly TimeSpan _pollInterval;

    /// <param name="pollInterval">How often to ask Slurm about a job (default 1 s).</param>
    public SlurmExecutor(TimeSpan? pollInterval = null) => _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);

    /// <summary>Throws a clear error naming what to install when Slurm's client commands are not on PATH.</summary>
    /// <param name="searchPath">Folders to look in, separated by ':' (default: PATH).</param>
    public static void EnsureAvailable(string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        var missing = new[] { "sbatch", "scontrol", "scancel", "sacct" }.Where(tool => ProgramPath.Find(tool, Environment.CurrentDirectory, path) is null).ToList();
        if (missing.Count > 0)
        {
            throw new AriadneException(ErrorCode.Unsupported,
                $"The Slurm executor needs Slurm's client commands, and {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not on PATH. " +
                "Install them (Debian/Ubuntu: 'apt-get install slurm-client'; a whole one-node cluster: 'slurm-wlm' and 'munge') and make sure " +
                "slurm.conf (or SLURM_CONF) points at your cluster, or run with --executor local.");
        }
    }

    public async Task<CommandOutcome> RunAsync(Stage stage, string workspaceRoot, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(workspaceRoot, Workspace.DataWorkspace.FolderName, "tmp", "slurm", $"{Safe(stage.Name)}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        try
        {
            return await RunJobAsync(stage, workspaceRoot, environment, output, folder, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover job folder under .ariadne/tmp is harmless.
            }
        }
    }

    /// <summary>The <c>sbatch</c> options for a stage's resources (without the script and log).</summary>
    public static IReadOnlyList<string> ResourceOptions(StageResources resources)
    {
        var options = new List<string>();
        if (resources.Cpus is { } cpus)
        {
            options.Add($"--cpus-per-task={cpus.ToString(CultureInfo.InvariantCulture)}");
        }

        if (resources.MemoryBytes is { } bytes)
        {
            // Slurm counts memory in MiB; round up so a stage never gets less than it asked for.
            options.Add($"--mem={((bytes + (1 << 20) - 1) >> 20).ToString(CultureInfo.InvariantCulture)}M");
        }

        if (resources.Gpus is { } gpus)
        {
            options.Add($"--gres=gpu:{gpus.ToString(CultureInfo.InvariantCulture)}");
        }

        if (resources.Time is { } time)
        {
            options.Add($"--time={SlurmTime(time)}");
        }

        return options;
    }

    /// <summary>A duration as Slurm's <c>days-hours:minutes:seconds</c>, rounded up to whole seconds.</summary>
    public static string SlurmTime(TimeSpan time)
    {
        var seconds = (long)Math.Ceiling(time.TotalSeconds);
        var (days, rest) = Math.DivRem(seconds, 86400);
        return string.Create(CultureInfo.InvariantCulture, $"{days}-{rest / 3600:00}:{rest % 3600 / 60:00}:{rest % 60:00}");
    }

    private async Task<CommandOutcome> RunJobAsync(Stage stage, string workspaceRoot, IReadOnlyDictionary<string, string> environment, Action<string> output, string folder, CancellationToken cancellationToken)
    {
        var script = Path.Combine(folder, "job.sh");
        var logFile = Path.Combine(folder, "job.log");
        var failedFile = Path.Combine(folder, "failed-command");
        var allCommands = string.Join(" && ", stage.Commands);
        await File.WriteAllTextAsync(script, Script(stage, Path.Combine(workspaceRoot, stage.WorkingDirectory), environment, failedFile), CancellationToken.None).ConfigureAwait(false);

        List<string> arguments = ["--parsable", $"--job-name={stage.Name}", $"--output={logFile}", $"--chdir={Path.Combine(workspaceRoot, stage.WorkingDirectory)}", .. ResourceOptions(stage.Resources), script];
        var submitted = await ToolAsync("sbatch", arguments, CancellationToken.None).ConfigureAwait(false);
        if (submitted.ExitCode != 0)
        {
            return new CommandOutcome(submitted.ExitCode, TimedOut: false, allCommands, "", $"sbatch refused the job: {submitted.Message}");
        }

        var jobId = submitted.Output.Trim().Split(';')[0];
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [JobIdTag] = jobId };
        output($"Submitted Slurm job {jobId}.");

        var log = new LogTail(logFile, output);
        var timeout = stage.Timeout;
        var started = (Stopwatch?)null;
        JobState state;
        var unknownSince = (Stopwatch?)null;
        while (true)
        {
            try
            {
                state = await StateAsync(jobId).ConfigureAwait(false);
                unknownSince = null;
            }
            catch (AriadneException e)
            {
                // The controller may be briefly unreachable: keep asking for a while before giving up on the job.
                unknownSince ??= Stopwatch.StartNew();
                if (unknownSince.Elapsed > LostAfter)
                {
                    await ToolAsync("scancel", [jobId], CancellationToken.None).ConfigureAwait(false);
                    log.Read(final: true);
                    return new CommandOutcome(1, TimedOut: false, allCommands, log.Text, $"{e.Message} Ariadne asked Slurm to cancel it", tags);
                }

                await Task.Delay(_pollInterval, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            log.Read(final: false);
            if (state.Ended)
            {
                break;
            }

            if (started is null && state.Name is "RUNNING" or "COMPLETING")
            {
                started = Stopwatch.StartNew();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await CancelAsync(jobId).ConfigureAwait(false);
                log.Read(final: true);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (timeout is { } limit && started is not null && started.Elapsed >= limit)
            {
                var last = await CancelAsync(jobId).ConfigureAwait(false);
                log.Read(final: true);
                var ran = FailedCommand(stage, failedFile) ?? allCommands;
                return new CommandOutcome(last.ExitCode == 0 ? 124 : last.ExitCode, TimedOut: true, ran, log.Text, null, tags);
            }

            try
            {
                await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled while waiting: the next round cancels the job.
            }
        }

        log.Read(final: true);
        var failed = FailedCommand(stage, failedFile);
        var exitCode = state.ExitCode;
        return state.Name switch
        {
            "COMPLETED" when exitCode == 0 => new CommandOutcome(0, TimedOut: false, allCommands, log.Text, null, tags),
            "COMPLETED" or "FAILED" when failed is not null => new CommandOutcome(exitCode == 0 ? 1 : exitCode, TimedOut: false, failed, log.Text, null, tags),
            "TIMEOUT" => new CommandOutcome(exitCode == 0 ? 124 : exitCode, TimedOut: true, allCommands, log.Text,
                $"Slurm job {jobId} ran past its time limit{(stage.Resources.Time is { } time ? $" (resources: time {SlurmTime(time)})" : "")} and Slurm stopped it (state TIMEOUT)", tags),
            "CANCELLED" => new CommandOutcome(exitCode == 0 ? 1 : exitCode, TimedOut: false, allCommands, log.Text,
                $"Slurm job {jobId} was cancelled outside ariadne (scancel, or by an administrator)", tags),
            "OUT_OF_MEMORY" => new CommandOutcome(exitCode == 0 ? 1 : exitCode, TimedOut: false, allCommands, log.Text,
                $"Slurm job {jobId} ran out of memory{(stage.Resources.MemoryBytes is not null ? " (raise the stage's resources: mem)" : " (ask for more with the stage's resources: mem)")}", tags),
            _ => new CommandOutcome(exitCode == 0 ? 1 : exitCode, TimedOut: false, allCommands, log.Text,
                $"Slurm job {jobId} ended in state {state.Name} with exit code {exitCode.ToString(CultureInfo.InvariantCulture)}{(state.Reason is { Length: > 0 } reason ? $" ({reason})" : "")}", tags),
        };
    }

    /// <summary>The batch script: wdir, variables, then each command in its own <c>/bin/sh -c</c>, stopping at the first that fails.</summary>
    private static string Script(Stage stage, string workingDirectory, IReadOnlyDictionary<string, string> environment, string failedFile)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/sh\n");
        script.Append("# Generated by ariadne repro --executor slurm for stage ").Append(stage.Name.ReplaceLineEndings(" ")).Append('\n');
        script.Append("cd ").Append(Quote(workingDirectory)).Append(" || exit 1\n");
        foreach (var (key, value) in stage.Environment.Concat(environment))
        {
            script.Append("export ").Append(key).Append('=').Append(Quote(value)).Append('\n');
        }

        for (var i = 0; i < stage.Commands.Count; i++)
        {
            script.Append("/bin/sh -c ").Append(Quote(stage.Commands[i])).Append(" </dev/null || { code=$?; echo ")
                .Append(i.ToString(CultureInfo.InvariantCulture)).Append(" > ").Append(Quote(failedFile)).Append("; exit $code; }\n");
        }

        return script.ToString();
    }

    private static string? FailedCommand(Stage stage, string failedFile) =>
        File.Exists(failedFile) && int.TryParse(File.ReadAllText(failedFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < stage.Commands.Count
            ? stage.Commands[index]
            : null;

    /// <summary>Cancels the job and waits (a while) until Slurm says it ended; returns its last known state.</summary>
    private async Task<JobState> CancelAsync(string jobId)
    {
        await ToolAsync("scancel", [jobId], CancellationToken.None).ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            JobState state;
            try
            {
                state = await StateAsync(jobId).ConfigureAwait(false);
            }
            catch (AriadneException)
            {
                state = new JobState("UNKNOWN", 0, null);
            }

            if (state.Ended || deadline.Elapsed > CancelWait)
            {
                return state;
            }

            await Task.Delay(_pollInterval, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The job's state from the controller (<c>scontrol show job</c>) or, once it forgot the job, from accounting (<c>sacct</c>, then <c>sacct -c</c>).</summary>
    private static async Task<JobState> StateAsync(string jobId)
    {
        var shown = await ToolAsync("scontrol", ["show", "job", "-o", jobId], CancellationToken.None).ConfigureAwait(false);
        if (shown.ExitCode == 0 && Field(shown.Output, "JobState") is { } name)
        {
            return new JobState(name, ExitCodeOf(Field(shown.Output, "ExitCode")), Field(shown.Output, "Reason"));
        }

        foreach (var completion in new[] { false, true })
        {
            List<string> arguments = ["-j", jobId, "-X", "-n", "-P", "-o", "JobID,State,ExitCode"];
            if (completion)
            {
                arguments.Insert(0, "-c");
            }

            var accounted = await ToolAsync("sacct", arguments, CancellationToken.None).ConfigureAwait(false);
            var line = accounted.ExitCode == 0
                ? accounted.Output.Split('\n').Select(l => l.Split('|')).FirstOrDefault(f => f.Length >= 3 && f[0] == jobId)
                : null;
            if (line is not null)
            {
                return new JobState(line[1].Split(' ')[0], ExitCodeOf(line[2]), null);
            }
        }

        throw new AriadneException(ErrorCode.RemoteUnavailable,
            $"Slurm did not report on job {jobId} for {LostAfter.TotalSeconds:0} s: 'scontrol show job' and 'sacct' did not find it ({shown.Message}); check the controller and the cluster's accounting (sacct) setup.");
    }

    /// <summary>The value of <c>Key=value</c> in a line of <c>scontrol -o</c> output.</summary>
    private static string? Field(string text, string key)
    {
        foreach (var part in text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return part[(key.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>Slurm's <c>exit:signal</c>: the exit code, or 128 + the signal when a signal ended it.</summary>
    private static int ExitCodeOf(string? text)
    {
        var parts = (text ?? "").Split(':');
        var code = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var signal = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return code == 0 && signal != 0 ? 128 + signal : code;
    }

    private static async Task<ToolResult> ToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await new ProcessCommand(tool, arguments) { Timeout = ToolTimeout }.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.InvalidArgument)
        {
            EnsureAvailable();
            throw new AriadneException(ErrorCode.Unsupported, $"{e.Message} The Slurm executor needs it.", e);
        }

        return result.TimedOut
            ? new ToolResult(124, result.Output, $"'{tool}' did not answer within {ToolTimeout.TotalSeconds:0} s")
            : new ToolResult(result.ExitCode, result.Output, result.Error.Trim());
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Safe(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private sealed record ToolResult(int ExitCode, string Output, string Message);

    private sealed record JobState(string Name, int ExitCode, string? Reason)
    {
        /// <summary>Whether the job is over: every state but the waiting and running ones.</summary>
        public bool Ended => Name is not ("UNKNOWN" or "PENDING" or "CONFIGURING" or "RUNNING" or "COMPLETING" or "SUSPENDED" or "REQUEUED" or "REQUEUE_HOLD"
            or "REQUEUE_FED" or "RESIZING" or "SIGNALING" or "STAGE_OUT" or "STOPPED" or "RESV_DEL_HOLD" or "SPECIAL_EXIT");
    }

    /// <summary>Follows the job's log file: passes on each complete line as it appears and keeps the whole text.</summary>
    private sealed class LogTail(string path, Action<string> output)
    {
        private readonly StringBuilder _text = new();
        private readonly List<byte> _pending = [];
        private long _offset;

        public string Text => _text.ToString();

        public void Read(bool final)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(_offset, SeekOrigin.Begin);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _offset += read;
                    for (var i = 0; i < read; i++)
                    {
                        // '\n' never occurs inside a multi-byte UTF-8 character, so splitting bytes there is safe.
                        if (buffer[i] == (byte)'\n')
                        {
                            Line();
                        }
                        else
                        {
                            _pending.Add(buffer[i]);
                        }
                    }
                }
            }

            if (final && _pending.Count > 0)
            {
                Line();
            }
        }

        private void Line()
        {
            var line = Encoding.UTF8.GetString([.. _pending]).TrimEnd('\r');
            _pending.Clear();
            _text.Append(line).Append('\n');
            output(line);
        }
    }
}
