namespace Ariadne.Data.Schema;

/// <summary>What a schema requires of one column. Null members are not checked.</summary>
public sealed record ColumnRule(string Name, ColumnType Type)
{
    /// <summary>False: no missing values at all.</summary>
    public bool Nullable { get; init; } = true;

    /// <summary>The largest allowed share of missing values (0 to 1), when nulls are allowed.</summary>
    public double? MaxNullShare { get; init; }

    /// <summary>The smallest allowed value (numeric columns).</summary>
    public double? Min { get; init; }

    /// <summary>The largest allowed value (numeric columns).</summary>
    public double? Max { get; init; }

    /// <summary>The only values allowed (compared as text).</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>True: no value may appear twice.</summary>
    public bool Unique { get; init; }

    /// <summary>A regular expression every non-missing value must match as a whole.</summary>
    public string? Pattern { get; init; }
}
