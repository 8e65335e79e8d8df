namespace Ariadne.Schedules;

/// <summary>One thing wrong with the <c>schedules:</c> section: where (file and 1-based line), what, and what to do.</summary>
internal sealed record ScheduleProblem(string File, int Line, string Message, string Suggestion)
{
    public override string ToString() => $"{File}:{Line}: {Message}. {Suggestion}";
}
