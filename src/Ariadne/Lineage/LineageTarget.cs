namespace Ariadne.Lineage;

/// <summary>
/// What a lineage walk starts from, resolved from the user's words: a run (for a model version, the run it came from)
/// or data by content hash (given as a hash or as a tracked path).
/// </summary>
internal sealed record LineageTarget(string Text, string? RunId, string? Hash, string? Path, LineageModel? Model)
{
    public static LineageTarget ForRun(string text, string runId, LineageModel? model = null) => new(text, runId, null, null, model);

    public static LineageTarget ForData(string text, string hash, string? path) => new(text, null, hash, path, null);
}
