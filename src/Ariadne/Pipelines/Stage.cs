namespace Ariadne.Pipelines;

/// <summary>
/// One stage of a pipeline after matrix/foreach expansion: the commands to run and everything they read and write.
/// Paths are workspace-relative with '/' separators; <see cref="WorkingDirectory"/> too ("" for the workspace root).
/// <see cref="ReadsSealed"/> (<c>reads_sealed: true</c>) marks a stage that scores a sealed test set: experiments and sweeps leave it out.
/// </summary>
internal sealed record Stage(
    string Name,
    int Line,
    IReadOnlyList<string> Commands,
    IReadOnlyList<StagePath> Deps,
    IReadOnlyList<ParamReference> Params,
    IReadOnlyList<StagePath> Outs,
    IReadOnlyList<StagePath> Metrics,
    IReadOnlyList<StagePath> Plots,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    RetryPolicy Retries,
    TimeSpan? Timeout,
    StageResources Resources,
    bool ReadsSealed = false)
{
    /// <summary>Every path the stage writes: outs (stored in the cache), metrics and plots files.</summary>
    public IEnumerable<StagePath> AllOutputs => Outs.Concat(Metrics).Concat(Plots);

    /// <summary>Metrics and plots files: small files that stay in git; the cache keeps a copy so a run can be restored.</summary>
    public bool IsGitFile(StagePath output) => Metrics.Contains(output) || Plots.Contains(output);
}
