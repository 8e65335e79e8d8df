namespace Ariadne.Processes;

/// <summary>How a child process ended.</summary>
/// <param name="ExitCode">Its exit code; <see cref="KilledExitCode"/> when Ariadne killed it at its timeout.</param>
/// <param name="TimedOut">Whether it ran past its timeout and was killed, with every process it started.</param>
/// <param name="Output">Its standard output, when the command gave that stream no <see cref="ProcessOutput"/> target; otherwise empty.</param>
/// <param name="OutputTruncated">Whether it printed more standard output than the command keeps.</param>
/// <param name="Error">Its standard error, when the command gave that stream no target; otherwise empty.</param>
internal sealed record ProcessResult(int ExitCode, bool TimedOut, string Output, bool OutputTruncated, string Error, TimeSpan Duration)
{
    /// <summary>The exit status of a process ended by SIGKILL, as a shell reports it (128 + 9).</summary>
    public const int KilledExitCode = 137;

    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
