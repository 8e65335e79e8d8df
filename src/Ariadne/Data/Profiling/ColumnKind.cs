namespace Ariadne.Data.Profiling;

/// <summary>How a column is treated: numbers, categories (text, booleans, dates), a mix of both (treated as categories), or all missing.</summary>
public enum ColumnKind
{
    Numeric,
    Categorical,
    Mixed,
    Empty,
}
