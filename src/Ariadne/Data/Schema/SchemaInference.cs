using Ariadne.Data.Reading;

namespace Ariadne.Data.Schema;

/// <summary>
/// Infers a schema from data: the narrowest type every value fits (integer, number, boolean, datetime, else string),
/// nullability, observed numeric ranges, allowed values for text columns with at most 20 distinct values (each seen at
/// least twice on average), uniqueness for integer and string columns without repeats, and at least one row.
/// </summary>
public static class SchemaInference
{
    /// <summary>A text column with at most this many distinct values gets an allowed-values rule.</summary>
    public const int MaxCategories = 20;

    private const int UniqueTrackingLimit = 10_000_000;

    /// <summary>Infers a schema from a table: each column's type, nullability, range and (for few distinct values) the allowed values, as a starting point to edit.</summary>
    public static async Task<DataSchema> InferAsync(string path, TableFormat? format = null, CancellationToken cancellationToken = default, TableReadOptions? reading = null)
    {
        using var reader = await TableReader.OpenAsync(path, format, cancellationToken: cancellationToken, options: reading).ConfigureAwait(false);
        var stats = reader.ColumnNames.Select(n => new ColumnStats(n)).ToArray();
        long rows = 0;
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            Parallel.For(0, stats.Length, c => stats[c].Add(batch.Columns[c], batch.RowCount));
            rows += batch.RowCount;
        }

        return new DataSchema([.. stats.Select(s => s.Rule(rows))]) { MinRows = 1 };
    }

    /// <summary>Columns whose values mix numbers and text, with an example of each, for a warning next to the inferred schema.</summary>
    private sealed class ColumnStats(string name)
    {
        private long _nulls;
        private long _numbers;
        private long _integers;
        private long _texts;
        private long _booleans;
        private long _datetimes;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;
        private HashSet<string>? _distinct = new(StringComparer.Ordinal);
        private bool _repeats;

        public void Add(ColumnBatch column, int count)
        {
            for (var i = 0; i < count; i++)
            {
                switch (column.Kinds[i])
                {
                    case CellKind.Null:
                        _nulls++;
                        continue;
                    case CellKind.Number:
                        var v = column.Numbers[i];
                        _numbers++;
                        if (CellTypes.IsInteger(v)) { _integers++; }
                        if (v < _min) { _min = v; }
                        if (v > _max) { _max = v; }
                        break;
                    default:
                        var text = column.Texts[i]!;
                        _texts++;
                        if (CellTypes.IsBoolean(text)) { _booleans++; }
                        else if (_datetimes == _texts - _booleans - 1 && CellTypes.IsDatetime(text)) { _datetimes++; }
                        break;
                }

                if (_distinct is not null && !_repeats | _distinct.Count <= MaxCategories)
                {
                    if (!_distinct.Add(column.GetText(i)!))
                    {
                        _repeats = true;
                    }

                    if (_distinct.Count > UniqueTrackingLimit)
                    {
                        _distinct = null;
                        _repeats = true;
                    }
                }
            }
        }

        public ColumnRule Rule(long rows)
        {
            var nonNull = _numbers + _texts;
            var type = nonNull == 0 ? ColumnType.String
                : _texts == 0 ? (_integers == _numbers ? ColumnType.Integer : ColumnType.Number)
                : _numbers > 0 ? ColumnType.String
                : _booleans == _texts ? ColumnType.Boolean
                : _datetimes == _texts ? ColumnType.Datetime
                : ColumnType.String;
            var distinct = _distinct?.Count ?? int.MaxValue;
            var categories = type is ColumnType.String && _numbers == 0 && nonNull > 0 && distinct <= MaxCategories && nonNull >= 2L * distinct;
            return new ColumnRule(name, type)
            {
                Nullable = _nulls > 0,
                Min = type is ColumnType.Integer or ColumnType.Number ? _min : null,
                Max = type is ColumnType.Integer or ColumnType.Number ? _max : null,
                Allowed = categories ? [.. _distinct!.Order(StringComparer.Ordinal)] : null,
                Unique = !_repeats && _nulls == 0 && rows > 1 && type is ColumnType.Integer or ColumnType.String or ColumnType.Datetime && !categories,
            };
        }
    }
}
