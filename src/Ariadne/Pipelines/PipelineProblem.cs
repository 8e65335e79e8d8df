namespace Ariadne.Pipelines;

/// <summary>One thing wrong with a pipeline file: where (file and 1-based line), what, and what to do about it.</summary>
internal sealed record PipelineProblem(string File, int Line, string Message, string Suggestion)
{
    public override string ToString() => $"{File}:{Line}: {Message}. {Suggestion}";
}
