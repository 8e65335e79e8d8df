using System.Globalization;

namespace Ariadne.Data.Reading;

/// <summary>
/// One column's cells for a run of rows. Numbers are parsed once while reading; <see cref="Texts"/> keeps the cell as
/// written in the file where there was text (CSV, JSON strings), so splits copy cells verbatim.
/// </summary>
internal sealed class ColumnBatch
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

    /// <summary>
    /// The cell's text as written in the file: for missing cells the spelling that was read as missing ("NA", "None", ""),
    /// null for numbers read from binary formats and for JSON nulls. Read it through <see cref="GetText"/> unless the
    /// spelling of a missing cell matters.
    /// </summary>
    public string?[] Texts { get; }

    /// <summary>
    /// JSON sources only: each cell's value exactly as written in the file (<c>1.50</c>, <c>true</c>, <c>{"a": 1}</c>,
    /// <c>"text"</c>); null where the row's object has no such key. Null for other formats.
    /// </summary>
    public string?[]? Json { get; private set; }

    public bool IsNull(int row) => Kinds[row] == CellKind.Null;

    /// <summary>The cell as text: the original text where there was one, numbers in invariant round-trip form.</summary>
    public string? GetText(int row) => Kinds[row] switch
    {
        CellKind.Null => null,
        CellKind.Number => Texts[row] ?? Numbers[row].ToString("R", CultureInfo.InvariantCulture),
        _ => Texts[row],
    };

    /// <summary>The cell as written in the source file: missing cells keep their spelling ("" when there was none).</summary>
    public string GetWritten(int row) => Kinds[row] == CellKind.Null ? Texts[row] ?? "" : GetText(row)!;

    internal void SetNull(int row, string? spelling = null)
    {
        Kinds[row] = CellKind.Null;
        Texts[row] = spelling;
    }

    internal void SetJson(int row, string json) => (Json ??= new string?[Kinds.Length])[row] = json;

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
