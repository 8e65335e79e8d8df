namespace Ariadne.Pipelines;

/// <summary>How running a stage's commands ended: the exit code of the last command run, whether it ran out of time, and its output.</summary>
/// <param name="Problem">Why it failed when an exit code alone does not say it (a cluster job cancelled by someone else).</param>
/// <param name="Tags">Tags for the stage's tracked run (such as the Slurm job id).</param>
internal sealed record CommandOutcome(int ExitCode, bool TimedOut, string Command, string Log, string? Problem = null, IReadOnlyDictionary<string, string>? Tags = null)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && Problem is null;
}
