namespace Ariadne.Pipelines;

/// <summary>
/// One stage of a pipeline after matrix/foreach expansion: the commands to run and everything they read and write.
/// Paths are workspace-relative with '/' separators; <see cref="WorkingDirectory"/> too ("" for the workspace root).
/// <see cref="ReadsSealed"/> (<c>reads_sealed: true</c>) marks a stage that scores a sealed test set: experiments and sweeps leave it out.
/// <see cref="Frozen"/> stages never run; <see cref="AlwaysChanged"/> ones run every time. Outputs in <see cref="Persisted"/>
/// (<c>persist: true</c>) are not removed before the stage runs; those in <see cref="Uncached"/> (<c>cache: false</c>) are
/// recorded by hash in the lock file but not stored in the cache.
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
    /// <summary><c>frozen: true</c>: <c>repro</c> never runs the stage (its lock entry and outputs must exist).</summary>
    public bool Frozen { get; init; }

    /// <summary><c>always_changed: true</c>: the stage runs every time (it reads the outside world), never from the run cache.</summary>
    public bool AlwaysChanged { get; init; }

    /// <summary>Paths of outputs marked <c>persist: true</c>.</summary>
    public IReadOnlySet<string> Persisted { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Paths of outputs marked <c>cache: false</c>.</summary>
    public IReadOnlySet<string> Uncached { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool IsPersisted(StagePath output) => Persisted.Contains(output.Path);

    public bool IsCached(StagePath output) => !Uncached.Contains(output.Path);

    /// <summary>
    /// Whether the run cache may stand in for running the stage: not when it always runs, keeps outputs between runs
    /// (their next content depends on the last) or has outputs the cache does not hold.
    /// </summary>
    public bool UsesRunCache => !AlwaysChanged && Persisted.Count == 0 && Uncached.Count == 0;

    /// <summary>Every path the stage writes: outs (stored in the cache), metrics and plots files.</summary>
    public IEnumerable<StagePath> AllOutputs => Outs.Concat(Metrics).Concat(Plots);

    /// <summary>Metrics and plots files: small files that stay in git; the cache keeps a copy so a run can be restored.</summary>
    public bool IsGitFile(StagePath output) => Metrics.Contains(output) || Plots.Contains(output);
}
