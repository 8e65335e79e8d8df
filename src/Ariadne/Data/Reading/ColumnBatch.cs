using System.Globalization;

namespace Ariadne.Data.Reading;

/// <summary>
/// One column's cells for a run of rows. Numbers are parsed once while reading; <see cref="Texts"/> keeps the cell as
/// written in the file where there was text (CSV, JSON strings), so splits copy cells verbatim.
/// </summary>
public sealed class ColumnBatch
{
    public ColumnBatch(string name, int capacity)
    {
        Name = name;
        Kinds = new CellKind[capacity];
        Numbers = new double[capacity];
        Texts = new string?[capacity];
    }

    public string Name { get; }

    public CellKind[] Kinds { get; }

    public double[] Numbers { get; }

    /// <summary>The cell's text; null for missing cells and for numbers read from binary formats.</summary>
    public string?[] Texts { get; }

    public bool IsNull(int row) => Kinds[row] == CellKind.Null;

    /// <summary>The cell as text: the original text where there was one, numbers in invariant round-trip form.</summary>
    public string? GetText(int row) => Kinds[row] switch
    {
        CellKind.Null => null,
        CellKind.Number => Texts[row] ?? Numbers[row].ToString("R", CultureInfo.InvariantCulture),
        _ => Texts[row],
    };

    internal void SetNull(int row)
    {
        Kinds[row] = CellKind.Null;
        Texts[row] = null;
    }

    internal void SetNumber(int row, double value, string? text)
    {
        Kinds[row] = CellKind.Number;
        Numbers[row] = value;
        Texts[row] = text;
    }

    internal void SetText(int row, string text)
    {
        Kinds[row] = CellKind.Text;
        Texts[row] = text;
    }
}
