namespace Ariadne.Schedules;

/// <summary>The errors of schedules, with their codes and what to do.</summary>
internal static class ScheduleErrors
{
    public static AriadneException InvalidSchedules(IReadOnlyList<ScheduleProblem> problems) =>
        new(ErrorCode.MalformedConfig, problems.Count == 1
            ? problems[0].ToString()
            : $"The schedules have {problems.Count} problems; nothing was scheduled:\n" + string.Join("\n", problems.Select(p => "  " + p)));

    public static AriadneException ScheduleNotFound(string name, IReadOnlyCollection<string> known) =>
        new(ErrorCode.ResourceNotFound, known.Count == 0
            ? $"There is no schedule '{name}': ariadne.yaml has no 'schedules:' section. Add one (see docs/schedules.md)."
            : $"There is no schedule '{name}'. {Pipelines.Suggestions.DidYouMean(name, known, "Schedules: " + string.Join(", ", known))}");

    public static AriadneException NoAriadneCommand() =>
        new(ErrorCode.InvalidArgument, "This schedule runs an 'ariadne' command, but the scheduler was not told how to start 'ariadne'. Start schedules from the ariadne command ('ariadne server', 'ariadne schedule run-now').");
}
