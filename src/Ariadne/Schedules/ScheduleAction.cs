namespace Ariadne.Schedules;

/// <summary>What a schedule runs: <see cref="Kind"/> and its value (the stage name or the shell command).</summary>
internal sealed record ScheduleAction(ScheduleActionKind Kind, string? Value = null)
{
    /// <summary>As the user wrote it, for listings and the <see cref="ScheduleKeys.ActionTag"/> tag.</summary>
    public override string ToString() => Kind switch
    {
        ScheduleActionKind.Pipeline => "pipeline",
        ScheduleActionKind.Stage => $"stage {Value}",
        ScheduleActionKind.MonitorCheck => "monitor check",
        _ => $"command {Value}",
    };

    /// <summary>True when the action is an <c>ariadne</c> command (it records its own runs, so it is not attached to the schedule's run).</summary>
    public bool IsAriadneCommand => Kind != ScheduleActionKind.Command;

    /// <summary>The arguments after <c>ariadne</c>, or after <c>/bin/sh</c> for a shell command.</summary>
    public IReadOnlyList<string> Arguments => Kind switch
    {
        ScheduleActionKind.Pipeline => ["repro"],
        ScheduleActionKind.Stage => ["repro", Value!],
        ScheduleActionKind.MonitorCheck => ["monitor", "check"],
        _ => ["-c", Value!],
    };
}
