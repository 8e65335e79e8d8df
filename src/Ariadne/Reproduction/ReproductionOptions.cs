namespace Ariadne.Reproduction;

/// <summary>What <c>ariadne reproduce</c> was asked: where to work, how close metrics must be, whether to keep the worktree.</summary>
/// <param name="Folder">The worktree's folder; null for a new one under <c>.ariadne/reproduce/</c>.</param>
/// <param name="Tolerance">Relative difference allowed between a metric and its reproduction; 0: exactly equal.</param>
/// <param name="Keep">Keep the worktree afterwards (to inspect it); by default it is removed.</param>
internal sealed record ReproductionOptions(string? Folder = null, double Tolerance = 0, bool Keep = false);
