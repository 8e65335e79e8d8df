using Ariadne.Data.Reading;

namespace Ariadne.Data.Splitting;

/// <summary>How to split: part names and ratios, the seed, and which column identifies a row, a group or a class.</summary>
public sealed record SplitOptions
{
    /// <summary>The parts' names, in order.</summary>
    public IReadOnlyList<string> Names { get; init; } = ["train", "validation", "test"];

    /// <summary>Each part's share of the rows, in the order of <see cref="Names"/>; they sum to 1.</summary>
    public IReadOnlyList<double> Ratios { get; init; } = [0.8, 0.1, 0.1];

    /// <summary>The seed that, with each row's id, decides its part.</summary>
    public long Seed { get; init; }

    /// <summary>The row id column. Without it a row is identified by its content (all cells).</summary>
    public string? By { get; init; }

    /// <summary>Rows with the same value here always land in the same part.</summary>
    public string? Group { get; init; }

    /// <summary>Keep each class's share in every part (exact to one row per class).</summary>
    public string? Stratify { get; init; }

    /// <summary>The part marked sealed in the manifest (read only through the holdout API); null for none.</summary>
    public string? Sealed { get; init; } = "test";

    /// <summary>How text sources are read (missing-value spellings, delimiter); parts keep every cell as written either way.</summary>
    public TableReadOptions Reading { get; init; } = TableReadOptions.Default;

    /// <summary>How many recorded reads of the sealed part are allowed before an override with a reason is needed.</summary>
    public int SealedBudget { get; init; } = 1;
}
