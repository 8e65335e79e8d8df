namespace Ariadne.Data.Reading;

/// <summary>What one cell holds after reading: nothing, a number, or text (booleans, dates and categories are text).</summary>
internal enum CellKind : byte
{
    Null,
    Number,
    Text,
}
