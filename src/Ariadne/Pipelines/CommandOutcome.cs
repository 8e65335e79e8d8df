namespace Ariadne.Pipelines;

/// <summary>How running a stage's commands ended: the exit code of the last command run, whether it ran out of time, and its output.</summary>
public sealed record CommandOutcome(int ExitCode, bool TimedOut, string Command, string Log)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
