namespace Ariadne.Plots;

/// <summary>A plot ready to draw: its series (or images) over every revision compared, and the problems met reading them.</summary>
internal sealed record RenderedPlot(string Id, string Title, string XLabel, IReadOnlyList<PlotSeries> Series, IReadOnlyList<PlotImage> Images, IReadOnlyList<string> Problems);
