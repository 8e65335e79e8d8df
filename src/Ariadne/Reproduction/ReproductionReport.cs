using Ariadne.RunContext;

namespace Ariadne.Reproduction;

/// <summary>
/// What <c>ariadne reproduce</c> found: every metric and output compared, the stages it left out and why, the
/// environment differences that may explain a difference, and how long the setup (worktree, restore) and the run took.
/// </summary>
internal sealed record ReproductionReport(
    string OriginalRunId,
    string ReproductionRunId,
    string Commit,
    bool DiffApplied,
    string Folder,
    bool Kept,
    IReadOnlyList<MetricComparison> Metrics,
    IReadOnlyList<OutputComparison> Outputs,
    IReadOnlyList<(string Stage, string Reason)> LeftOut,
    IReadOnlyList<EnvironmentDifference> EnvironmentDifferences,
    string? Failure,
    TimeSpan Setup,
    TimeSpan Execution)
{
    public const string ReproductionOfTag = "ariadne.reproduction_of";
    public const string ReproductionsTag = "ariadne.reproductions";
    public const string ResultTag = "ariadne.reproduction.result";

    /// <summary>The command or pipeline succeeded and every metric and output matched.</summary>
    public bool Reproduced => Failure is null && Metrics.All(m => m.Matched) && Outputs.All(o => o.Matched);

    public string Result => Reproduced ? "reproduced" : "differed";
}
