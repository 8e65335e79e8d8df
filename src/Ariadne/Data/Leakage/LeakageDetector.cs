using System.Globalization;
using System.Text;
using Ariadne.Data.Reading;

namespace Ariadne.Data.Leakage;

/// <summary>
/// Finds rows shared between two splits (train and test, say). The first file's keys are held in memory (two hash
/// sets of 128-bit fingerprints: exact and normalised); the second file streams past them.
/// </summary>
internal static class LeakageDetector
{
    public const int ExampleCount = 10;

    public static async Task<LeakageReport> FindAsync(string first, string second, IReadOnlyList<string>? keyColumns = null, string? groupColumn = null, CancellationToken cancellationToken = default)
    {
        var exact = new Dictionary<UInt128, long>();
        var near = new Dictionary<UInt128, long>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string> keys = [];
        await Scan(first, keyColumns, groupColumn, (batch, row, exactKey, nearKey, group) =>
        {
            exact.TryAdd(Fingerprint(exactKey), batch.FirstRow + row);
            near.TryAdd(Fingerprint(nearKey), batch.FirstRow + row);
            if (group is not null) { groups.Add(group); }
        }, k => keys = k, cancellationToken).ConfigureAwait(false);

        long exactCount = 0, nearCount = 0;
        var exactExamples = new List<LeakedRow>();
        var nearExamples = new List<LeakedRow>();
        var shared = new HashSet<string>(StringComparer.Ordinal);
        await Scan(second, keyColumns, groupColumn, (batch, row, exactKey, nearKey, group) =>
        {
            if (exact.TryGetValue(Fingerprint(exactKey), out var match))
            {
                exactCount++;
                if (exactExamples.Count < ExampleCount) { exactExamples.Add(new LeakedRow(batch.FirstRow + row, match, Readable(exactKey))); }
            }
            else if (near.TryGetValue(Fingerprint(nearKey), out var nearMatch))
            {
                nearCount++;
                if (nearExamples.Count < ExampleCount) { nearExamples.Add(new LeakedRow(batch.FirstRow + row, nearMatch, Readable(exactKey))); }
            }

            if (group is not null && groups.Contains(group))
            {
                shared.Add(group);
            }
        }, _ => { }, cancellationToken).ConfigureAwait(false);

        return new LeakageReport(first, second, keys, exactCount, exactExamples, nearCount, nearExamples, groupColumn, shared.Count, [.. shared.Order(StringComparer.Ordinal).Take(ExampleCount)]);
    }

    private delegate void RowVisitor(TableBatch batch, int row, string exactKey, string nearKey, string? group);

    private static async Task Scan(string path, IReadOnlyList<string>? keyColumns, string? groupColumn, RowVisitor visit, Action<IReadOnlyList<string>> columnsUsed, CancellationToken cancellationToken)
    {
        using var reader = await TableReader.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var names = reader.ColumnNames.ToList();
        var keys = keyColumns ?? [.. names.Where(n => n != groupColumn)];
        var indexes = keys.Select(k => names.IndexOf(k) is var i and >= 0 ? i : throw AriadneException.ColumnNotFound(path, k, names)).ToArray();
        var groupIndex = groupColumn is null ? -1 : names.IndexOf(groupColumn) is var g and >= 0 ? g : throw AriadneException.ColumnNotFound(path, groupColumn, names);
        columnsUsed(keys);
        var exact = new StringBuilder();
        var near = new StringBuilder();
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                exact.Clear();
                near.Clear();
                foreach (var c in indexes)
                {
                    var column = batch.Columns[c];
                    exact.Append(column.GetText(r) ?? "\u2400").Append('\u001f');
                    near.Append(Normalise(column, r)).Append('\u001f');
                }

                visit(batch, r, exact.ToString(), near.ToString(), groupIndex >= 0 ? batch.Columns[groupIndex].GetText(r) : null);
            }
        }
    }

    /// <summary>A cell with case folded, whitespace collapsed and trimmed, and numbers in one canonical form ("1.50" = "1.5" = "1.5e0").</summary>
    public static string Normalise(ColumnBatch column, int row)
    {
        switch (column.Kinds[row])
        {
            case CellKind.Null:
                return "\u2400";
            case CellKind.Number:
                return (column.Numbers[row] == 0 ? 0.0 : column.Numbers[row]).ToString("R", CultureInfo.InvariantCulture);
            default:
                var text = string.Join(' ', column.Texts[row]!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
                return CellText.TryParseNumber(text, out var number) ? (number == 0 ? 0.0 : number).ToString("R", CultureInfo.InvariantCulture) : text;
        }
    }

    private static UInt128 Fingerprint(string key)
    {
        Span<byte> digest = stackalloc byte[16];
        Blake3.Hasher.Hash(Encoding.UTF8.GetBytes(key), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    private static string Readable(string key) => key.TrimEnd('\u001f').Replace('\u001f', '|');
}
