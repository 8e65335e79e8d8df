using Parquet;
using Parquet.Schema;

namespace Ariadne.Data.Reading;

/// <summary>
/// Writes the parts of a Parquet file as Parquet files with the source's schema: each row group is read column by
/// column in its stored types and each row's values go to its part unchanged (decimals, integers, dates and nulls included).
/// </summary>
internal static class ParquetPartWriter
{
    /// <summary>Writes row i of <paramref name="source"/> to <paramref name="targets"/>[partOfRow[i]]; returns the rows per part.</summary>
    public static async Task<long[]> WriteAsync(string source, IReadOnlyList<byte> partOfRow, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var streams = new List<Stream>();
        var writers = new List<ParquetWriter>();
        var counts = new long[targets.Count];
        try
        {
            foreach (var target in targets)
            {
                var stream = new FileStream(target, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                streams.Add(stream);
                writers.Add(await ParquetWriter.CreateAsync(reader.Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            var offset = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                var selected = new List<int>[targets.Count];
                for (var p = 0; p < selected.Length; p++)
                {
                    selected[p] = [];
                }

                for (var r = 0; r < rows; r++)
                {
                    selected[partOfRow[offset + r]].Add(r);
                }

                offset += rows;
                var groupWriters = new ParquetRowGroupWriter?[targets.Count];
                try
                {
                    for (var p = 0; p < targets.Count; p++)
                    {
                        groupWriters[p] = selected[p].Count > 0 ? writers[p].CreateRowGroup() : null;
                        counts[p] += selected[p].Count;
                    }

                    foreach (var field in fields)
                    {
                        await CopyColumnAsync(source, group, field, rows, selected, groupWriters, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var w in groupWriters)
                    {
                        w?.CompleteValidate();
                    }
                }
                finally
                {
                    foreach (var w in groupWriters)
                    {
                        w?.Dispose();
                    }
                }
            }
        }
        finally
        {
            foreach (var w in writers)
            {
                await w.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var s in streams)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }
        }

        return counts;
    }

    private static async Task CopyColumnAsync(string source, ParquetRowGroupReader group, DataField field, int rows, List<int>[] selected, ParquetRowGroupWriter?[] writers, CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var p = 0; p < writers.Length; p++)
            {
                if (writers[p] is { } w)
                {
                    await w.WriteAsync(field, [.. selected[p].Select(i => values[i]!)], null).ConfigureAwait(false);
                }
            }
        }
        else if (type == typeof(byte[]))
        {
            var values = new byte[]?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var p = 0; p < writers.Length; p++)
            {
                if (writers[p] is { } w)
                {
                    await w.WriteAsync(field, [.. selected[p].Select(i => values[i]!)], null).ConfigureAwait(false);
                }
            }
        }
        else
        {
            var copy = type switch
            {
                _ when type == typeof(bool) => Copy<bool>(),
                _ when type == typeof(byte) => Copy<byte>(),
                _ when type == typeof(sbyte) => Copy<sbyte>(),
                _ when type == typeof(short) => Copy<short>(),
                _ when type == typeof(ushort) => Copy<ushort>(),
                _ when type == typeof(int) => Copy<int>(),
                _ when type == typeof(uint) => Copy<uint>(),
                _ when type == typeof(long) => Copy<long>(),
                _ when type == typeof(ulong) => Copy<ulong>(),
                _ when type == typeof(float) => Copy<float>(),
                _ when type == typeof(double) => Copy<double>(),
                _ when type == typeof(decimal) => Copy<decimal>(),
                _ when type == typeof(DateTime) => Copy<DateTime>(),
                _ when type == typeof(DateOnly) => Copy<DateOnly>(),
                _ when type == typeof(TimeOnly) => Copy<TimeOnly>(),
                _ when type == typeof(TimeSpan) => Copy<TimeSpan>(),
                _ when type == typeof(Guid) => Copy<Guid>(),
                _ => throw AriadneException.BadData(source, $"column '{field.Name}'", $"its Parquet type ({type.Name}) cannot be copied into parts yet. Convert it to a string or number column first."),
            };
            await copy.ConfigureAwait(false);
        }

        Task Copy<T>()
            where T : struct =>
            field.IsNullable ? CopyNullablesAsync<T>(group, field, rows, selected, writers, ct) : CopyValuesAsync<T>(group, field, rows, selected, writers, ct);
    }

    private static async Task CopyValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, List<int>[] selected, ParquetRowGroupWriter?[] writers, CancellationToken ct)
        where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        for (var p = 0; p < writers.Length; p++)
        {
            if (writers[p] is { } w)
            {
                var part = selected[p].Select(i => values[i]).ToArray();
                await w.WriteAsync<T>(field, part.AsMemory(), null, null, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyNullablesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, List<int>[] selected, ParquetRowGroupWriter?[] writers, CancellationToken ct)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        for (var p = 0; p < writers.Length; p++)
        {
            if (writers[p] is { } w)
            {
                var part = selected[p].Select(i => values[i]).ToArray();
                await w.WriteAsync<T>(field, part.AsMemory(), null, null, ct).ConfigureAwait(false);
            }
        }
    }
}
