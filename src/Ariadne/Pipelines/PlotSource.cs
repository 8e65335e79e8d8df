namespace Ariadne.Pipelines;

/// <summary>A file a plot reads (workspace-relative) and the fields drawn from it (empty: every numeric field but x).</summary>
internal sealed record PlotSource(string File, IReadOnlyList<string> Fields);
