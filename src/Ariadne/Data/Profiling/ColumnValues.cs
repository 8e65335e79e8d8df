using System.Globalization;
using Ariadne.Data.Reading;

namespace Ariadne.Data.Profiling;

/// <summary>
/// Everything read from one column: its numbers (kept, 8 bytes each, for quantiles and tests) and the counts of its
/// text values. A column whose cells are all numbers is numeric; one with text and numbers is mixed, and is then
/// treated as categorical with the numbers as text.
/// </summary>
internal sealed class ColumnValues
{
    private double[] _numbers = new double[1024];
    private readonly Dictionary<string, long> _texts = new(StringComparer.Ordinal);
    private double[]? _sorted;

    public ColumnValues(string name) => Name = name;

    public string Name { get; }

    public long Rows { get; private set; }

    public long Nulls { get; private set; }

    public long NumberCount { get; private set; }

    public long TextCount { get; private set; }

    /// <summary>The first row (1-based) that holds text, and that text: the example given for mixed columns.</summary>
    public (long Row, string Text)? FirstText { get; private set; }

    /// <summary>The first row (1-based) that holds a number.</summary>
    public (long Row, double Number)? FirstNumber { get; private set; }

    public bool IsNumeric => TextCount == 0 && NumberCount > 0;

    public bool IsMixed => TextCount > 0 && NumberCount > 0;

    public void Add(ColumnBatch column, int rowCount, long firstRow)
    {
        Rows += rowCount;
        var kinds = column.Kinds;
        for (var i = 0; i < rowCount; i++)
        {
            switch (kinds[i])
            {
                case CellKind.Null:
                    Nulls++;
                    break;
                case CellKind.Number:
                    if (NumberCount == _numbers.Length)
                    {
                        Array.Resize(ref _numbers, _numbers.Length * 2);
                    }

                    _numbers[NumberCount++] = column.Numbers[i];
                    FirstNumber ??= (firstRow + i, column.Numbers[i]);
                    break;
                default:
                    var text = column.Texts[i]!;
                    TextCount++;
                    FirstText ??= (firstRow + i, text);
                    ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_texts, text, out _);
                    count++;
                    break;
            }
        }

        _sorted = null;
    }

    /// <summary>The numbers, sorted ascending (computed once).</summary>
    public double[] SortedNumbers()
    {
        if (_sorted is null)
        {
            _sorted = _numbers.AsSpan(0, (int)NumberCount).ToArray();
            Array.Sort(_sorted);
        }

        return _sorted;
    }

    /// <summary>Value counts of the column as categories: text values, and numbers in invariant form when the column is not numeric.</summary>
    public Dictionary<string, long> CategoryCounts()
    {
        var counts = new Dictionary<string, long>(_texts, StringComparer.Ordinal);
        if (NumberCount > 0)
        {
            foreach (var number in _numbers.AsSpan(0, (int)NumberCount))
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, (number == 0 ? 0.0 : number).ToString("R", CultureInfo.InvariantCulture), out _);
                count++;
            }
        }

        return counts;
    }

    /// <summary>Reads a whole file into one <see cref="ColumnValues"/> per column.</summary>
    public static async Task<(IReadOnlyList<ColumnValues> Columns, long Rows)> ReadAsync(string path, TableFormat? format = null, IReadOnlyCollection<string>? only = null, CancellationToken cancellationToken = default, TableReadOptions? reading = null)
    {
        using var reader = await TableReader.OpenAsync(path, format, cancellationToken: cancellationToken, columns: only, options: reading).ConfigureAwait(false);
        var wanted = new List<int>();
        for (var c = 0; c < reader.ColumnNames.Count; c++)
        {
            if (only is null || only.Contains(reader.ColumnNames[c]))
            {
                wanted.Add(c);
            }
        }

        var columns = wanted.Select(c => new ColumnValues(reader.ColumnNames[c])).ToArray();
        long rows = 0;
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            if (columns.Length > 1)
            {
                Parallel.For(0, columns.Length, c => columns[c].Add(batch.Columns[wanted[c]], batch.RowCount, batch.FirstRow));
            }
            else if (columns.Length == 1)
            {
                columns[0].Add(batch.Columns[wanted[0]], batch.RowCount, batch.FirstRow);
            }

            rows += batch.RowCount;
        }

        return (columns, rows);
    }
}
