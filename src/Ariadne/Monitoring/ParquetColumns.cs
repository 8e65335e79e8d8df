using Parquet;
using Parquet.Schema;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes one Parquet file with one row group from whole columns: <c>string?[]</c>, <c>double?[]</c>, <c>double[]</c>,
/// <c>long[]</c>, <c>int[]</c>, <c>int?[]</c> or <c>bool?[]</c>. Labels and test prediction logs are written with it.
/// </summary>
internal static class ParquetColumns
{
    public static async Task WriteAsync(string path, IReadOnlyList<(string Name, Array Values)> columns, CancellationToken cancellationToken = default)
    {
        var fields = columns.Select(c => c.Values switch
        {
            string?[] => (DataField)new DataField<string>(c.Name, true),
            double?[] => new DataField<double?>(c.Name),
            double[] => new DataField<double>(c.Name),
            long[] => new DataField<long>(c.Name),
            int[] => new DataField<int>(c.Name),
            int?[] => new DataField<int?>(c.Name),
            bool?[] => new DataField<bool?>(c.Name),
            _ => throw new ArgumentException($"Column '{c.Name}' has an unsupported type {c.Values.GetType().Name}.", nameof(columns)),
        }).ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < columns.Count; i++)
        {
            var field = fields[i];
            switch (columns[i].Values)
            {
                case string?[] s: await group.WriteAsync(field, s!, null).ConfigureAwait(false); break;
                case double?[] d: await group.WriteAsync<double>(field, d.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
                case double[] d: await group.WriteAsync<double>(field, d.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
                case long[] l: await group.WriteAsync<long>(field, l.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
                case int[] n: await group.WriteAsync<int>(field, n.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
                case int?[] n: await group.WriteAsync<int>(field, n.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
                case bool?[] b: await group.WriteAsync<bool>(field, b.AsMemory(), null, null, cancellationToken).ConfigureAwait(false); break;
            }
        }

        group.CompleteValidate();
    }
}
