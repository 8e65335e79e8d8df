namespace Ariadne.Pipelines;

/// <summary>
/// One plot of the pipeline: a stage's <c>plots:</c> file, or an entry of the top-level <c>plots:</c> section. Its
/// series come from <see cref="Sources"/> (one file each, workspace-relative, with the fields to draw; no fields means
/// every numeric column but <see cref="X"/>); <see cref="X"/> names the field along the x axis (null: the row number).
/// An image file is shown as it is.
/// </summary>
internal sealed record PlotDefinition(string Id, int Line, string? X, string? Title, IReadOnlyList<PlotSource> Sources);
