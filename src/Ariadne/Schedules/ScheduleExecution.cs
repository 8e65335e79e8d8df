using Ariadne.Tracking;

namespace Ariadne.Schedules;

/// <summary>
/// What became of one trigger of a schedule: the run that recorded it, the action's exit code and the run's status;
/// or <see cref="Claimed"/> false when another scheduler on the same store had already taken that slot or version.
/// </summary>
internal sealed record ScheduleExecution(Schedule Schedule, string Trigger, string? Occasion, bool Claimed, string? RunId, int ExitCode, RunStatus? Status)
{
    public static ScheduleExecution TakenElsewhere(Schedule schedule, string trigger, string occasion, string runId) =>
        new(schedule, trigger, occasion, Claimed: false, runId, 0, null);
}
