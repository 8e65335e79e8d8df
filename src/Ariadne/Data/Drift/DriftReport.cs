namespace Ariadne.Data.Drift;

/// <summary>Per-column results and the dataset-level verdict: drift when the share of drifted columns reaches <see cref="DriftShare"/>.</summary>
public sealed record DriftReport(string Reference, string Current, IReadOnlyList<ColumnDrift> Columns, double DriftShare, IReadOnlyList<string> Skipped)
{
    /// <summary>Columns whose test found drift.</summary>
    public int DriftedCount => Columns.Count(c => c.Drifted);

    /// <summary>The share of compared columns that drifted (0 when none were compared).</summary>
    public double DriftedShare => Columns.Count == 0 ? 0 : (double)DriftedCount / Columns.Count;

    /// <summary>True when at least <see cref="DriftShare"/> of the compared columns drifted.</summary>
    public bool DatasetDrift => Columns.Count > 0 && DriftedShare >= DriftShare;

    /// <summary>The compared distributions per column, for plots.</summary>
    internal IReadOnlyDictionary<string, (Profiling.ColumnDistribution Reference, Profiling.ColumnDistribution Current)> Pairs { get; init; } =
        new Dictionary<string, (Profiling.ColumnDistribution, Profiling.ColumnDistribution)>();
}
