using Ariadne.Data.Reading;

namespace Ariadne.Data.Drift;

/// <summary>How drift is judged. Defaults are Evidently's: automatic test choice, default thresholds, dataset drift when half the columns drift.</summary>
public sealed record DriftOptions
{
    /// <summary>The test for every column (<see cref="DriftTest.Auto"/>: chosen per column).</summary>
    public DriftTest Test { get; init; } = DriftTest.Auto;

    /// <summary>Tests for named columns, overriding <see cref="Test"/>.</summary>
    public IReadOnlyDictionary<string, DriftTest> ColumnTests { get; init; } = new Dictionary<string, DriftTest>();

    /// <summary>One threshold for every test; null: each test's default.</summary>
    public double? Threshold { get; init; }

    /// <summary>Dataset drift when at least this share of the compared columns drifted.</summary>
    public double DriftShare { get; init; } = 0.5;

    /// <summary>How CSV and TSV files on both sides are read (missing-value spellings, delimiter).</summary>
    public TableReadOptions Reading { get; init; } = TableReadOptions.Default;

    /// <summary>Only these columns (null: every column present in both).</summary>
    public IReadOnlyCollection<string>? Columns { get; init; }
}
