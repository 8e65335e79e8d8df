namespace Ariadne.Plots;

/// <summary>One line of a plot: the revision it comes from, the file and field, and its points (x as a number or as text).</summary>
internal sealed record PlotSeries(string Revision, string File, string Field, IReadOnlyList<(object X, double Y)> Points)
{
    public string Name => $"{Revision}: {File}:{Field}";
}
