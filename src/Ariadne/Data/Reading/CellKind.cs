namespace Ariadne.Data.Reading;

/// <summary>What one cell holds after reading: nothing, a number, or text (booleans, dates and categories are text).</summary>
public enum CellKind : byte
{
    Null,
    Number,
    Text,
}
