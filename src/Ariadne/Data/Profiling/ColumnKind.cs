namespace Ariadne.Data.Profiling;

/// <summary>How a column is treated: numbers, categories (text, booleans, dates), a mix of both (treated as categories), or all missing.</summary>
public enum ColumnKind
{
    /// <summary>Every non-missing value is a number.</summary>
    Numeric,
    /// <summary>Text, booleans or dates, treated as categories.</summary>
    Categorical,
    /// <summary>Numbers and text together, treated as categories.</summary>
    Mixed,
    /// <summary>Every value is missing.</summary>
    Empty,
}
