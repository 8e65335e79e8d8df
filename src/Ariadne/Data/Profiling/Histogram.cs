namespace Ariadne.Data.Profiling;

/// <summary>Equal-width bins: <see cref="Edges"/> has one more entry than <see cref="Counts"/>.</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);
