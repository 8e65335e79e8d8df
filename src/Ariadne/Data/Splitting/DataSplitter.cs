using System.Globalization;
using System.Text;
using Ariadne.Content;
using Ariadne.Data.Holdout;
using Ariadne.Data.Reading;

namespace Ariadne.Data.Splitting;

/// <summary>
/// Deterministic splits: each row's part comes from hashing its key (id column, group column, or its cells) with the
/// seed, so a row keeps its part when the data grows, groups never cross parts, and stratification cuts each class at
/// its own quantiles of the hash (exact shares to one row per class). Writes the parts (in the source's format, each
/// cell as written in the source), the row assignments and split.json into a folder, all or nothing. Inside a workspace
/// the sealed part goes into the content cache and the folder keeps only its pointer (<see cref="SealedPartStore"/>).
/// </summary>
public static class DataSplitter
{
    /// <summary>The file in the output folder that lists each row's part.</summary>
    public const string AssignmentsFile = "assignments.csv";

    /// <summary>Splits a table deterministically into parts written to <paramref name="outputFolder"/> with <c>split.json</c>; inside a workspace the sealed part goes into the content cache, leaving a pointer.</summary>
    public static async Task<SplitManifest> SplitAsync(string path, string outputFolder, SplitOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        Check(options);
        var full = Path.GetFullPath(path);
        var format = TableFormats.FromPath(full);
        if (format == TableFormat.Arrow)
        {
            throw AriadneException.InvalidArgument($"'{path}' is an Arrow file, and a split writes its parts in the source's format, which Ariadne does not write for Arrow. Convert it to Parquet or CSV first (for example with pyarrow or DuckDB), then split that.");
        }

        var reading = options.Reading;
        int byIndex, groupIndex, stratifyIndex;
        IReadOnlyList<string> columns;
        var warnings = new List<string>();
        using (var probe = await TableReader.OpenAsync(full, format, cancellationToken: cancellationToken, options: reading).ConfigureAwait(false))
        {
            columns = probe.ColumnNames;
            byIndex = IndexOf(full, columns, options.By);
            groupIndex = IndexOf(full, columns, options.Group);
            stratifyIndex = IndexOf(full, columns, options.Stratify);
            if (probe.Delimiter is { } delimiter)
            {
                // Parts are written with the delimiter the source was read with.
                reading = reading with { Delimiter = delimiter };
            }
        }

        var cumulative = Cumulative(options.Ratios);
        Dictionary<string, double[]>? cuts = null;
        if (stratifyIndex >= 0)
        {
            cuts = await StratumCutsAsync(full, format, options, reading, byIndex, groupIndex, stratifyIndex, warnings, cancellationToken).ConfigureAwait(false);
        }

        var parts = new List<SplitPart>();
        long rows = 0;
        OutputFolder.Write(outputFolder, SplitManifest.FileName, temp =>
        {
            var files = options.Names.Select(n => n + TableWriter.Extension(format)).ToList();
            var writers = format == TableFormat.Parquet
                ? null
                : files.Select(f => new TableWriter(Path.Combine(temp, f), format, columns, reading.Delimiter)).ToList();
            var partOfRow = new List<byte>();
            var ids = byIndex >= 0 && groupIndex < 0 ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
            var readerWarnings = new List<string>();
            try
            {
                using var assignments = new StreamWriter(Path.Combine(temp, AssignmentsFile), false, new UTF8Encoding(false));
                assignments.Write(byIndex >= 0 ? "row,id,part\n" : "row,part\n");
                ReadAll(full, format, reading, batch =>
                {
                    for (var r = 0; r < batch.RowCount; r++)
                    {
                        var row = batch.FirstRow + r;
                        var key = Key(full, batch, r, byIndex, groupIndex);
                        var position = SplitHash.Position(options.Seed, key);
                        var part = cuts is null
                            ? SplitHash.Part(position, cumulative)
                            : SplitHash.Part(position, cuts[batch.Columns[stratifyIndex].GetText(r) ?? ""]);
                        if (writers is null)
                        {
                            partOfRow.Add((byte)part);
                        }
                        else
                        {
                            writers[part].WriteRow(batch, r);
                        }

                        if (ids is not null)
                        {
                            ids[key] = ids.GetValueOrDefault(key) + 1;
                        }

                        assignments.Write(row.ToString(CultureInfo.InvariantCulture));
                        if (byIndex >= 0)
                        {
                            assignments.Write(',');
                            assignments.Write(Csv(batch.Columns[byIndex].GetText(r)!));
                        }

                        assignments.Write(',');
                        assignments.Write(options.Names[part]);
                        assignments.Write('\n');
                    }

                    rows += batch.RowCount;
                }, readerWarnings, cancellationToken);
            }
            finally
            {
                foreach (var w in writers ?? [])
                {
                    w.Dispose();
                }
            }

            var counts = writers is null
                ? ParquetPartWriter.WriteAsync(full, partOfRow, [.. files.Select(f => Path.Combine(temp, f))], cancellationToken).GetAwaiter().GetResult()
                : [.. writers.Select(w => w.Rows)];
            warnings.InsertRange(0, readerWarnings);
            if (ids is not null && ids.Values.Any(n => n > 1))
            {
                var repeated = ids.Where(p => p.Value > 1).ToList();
                var example = repeated.MaxBy(p => p.Value);
                warnings.Add($"--by '{options.By}' is not unique: {repeated.Count:N0} value(s) name more than one row (e.g. '{example.Key}' names {example.Value} rows). Rows sharing an id were kept in one part, as --group does; pass --group {options.By} to say so, or choose a column that identifies rows.");
            }

            for (var i = 0; i < options.Names.Count; i++)
            {
                var isSealed = options.Names[i] == options.Sealed;
                var hash = ContentHasher.HashFile(Path.Combine(temp, files[i]));
                var sealedPointer = isSealed ? SealedPartStore.Seal(Path.Combine(temp, files[i]), hash, outputFolder) : null;
                parts.Add(new SplitPart(options.Names[i], files[i], counts[i], hash.Hex, isSealed, isSealed ? options.SealedBudget : null) { Pointer = sealedPointer });
                if (counts[i] == 0 && rows > 0)
                {
                    warnings.Add($"Part '{options.Names[i]}' got no rows of {rows:N0} (share {options.Ratios[i]:0.###}){(isSealed ? ", so the sealed test set is empty and a score on it means nothing" : "")}. Give it a larger share in --ratios, or split more data.");
                }
            }

            var pointer = File.Exists(full + ".ari") ? Path.GetFileName(full) + ".ari" : null;
            var manifest = new SplitManifest(ManifestPath.For(full), ContentHasher.HashFile(full).Hex, pointer, rows, options.Seed, options.Ratios, options.By, options.Group, options.Stratify,
                parts, AssignmentsFile, (time ?? TimeProvider.System).GetUtcNow())
            {
                Warnings = warnings,
                NaValues = format is TableFormat.Csv or TableFormat.Tsv ? reading.NaValues : null,
                Delimiter = reading.Delimiter,
            };
            File.WriteAllBytes(Path.Combine(temp, SplitManifest.FileName), manifest.ToJson());
        });
        return SplitManifest.Read(Path.Combine(outputFolder, SplitManifest.FileName));
    }

    private static void Check(SplitOptions options)
    {
        if (options.Names.Count != options.Ratios.Count || options.Names.Count < 2)
        {
            throw AriadneException.InvalidArgument($"Give one ratio per part and at least two parts (parts: {string.Join(",", options.Names)}; ratios: {string.Join(",", options.Ratios)}).");
        }

        if (options.Ratios.Any(r => r < 0) || Math.Abs(options.Ratios.Sum() - 1) > 1e-9)
        {
            throw AriadneException.InvalidArgument($"The ratios must be non-negative and add up to 1 (they add up to {options.Ratios.Sum().ToString("R", CultureInfo.InvariantCulture)}), e.g. --ratios 0.8,0.1,0.1.");
        }

        if (options.Names.Distinct(StringComparer.Ordinal).Count() != options.Names.Count || options.Names.Any(n => n.Length == 0 || n.IndexOfAny(['/', '\\', '.']) >= 0))
        {
            throw AriadneException.InvalidArgument("Part names must be distinct, non-empty, and contain no '/', '\\' or '.'.");
        }

        if (options.Group is not null && options.Stratify is not null)
        {
            throw AriadneException.InvalidArgument("--group and --stratify together are not supported yet: stratify at the group level by splitting a table of groups first.");
        }

        if (options.Sealed is { } name && !options.Names.Contains(name))
        {
            throw AriadneException.InvalidArgument($"The sealed part '{name}' is not one of the parts ({string.Join(", ", options.Names)}).");
        }
    }

    private static int IndexOf(string path, IReadOnlyList<string> columns, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        var index = columns.ToList().IndexOf(name);
        return index >= 0 ? index : throw AriadneException.ColumnNotFound(path, name, columns);
    }

    private static double[] Cumulative(IReadOnlyList<double> ratios)
    {
        var cumulative = new double[ratios.Count];
        var sum = 0.0;
        for (var i = 0; i < ratios.Count; i++)
        {
            sum += ratios[i];
            cumulative[i] = sum;
        }

        cumulative[^1] = 1;
        return cumulative;
    }

    private static string Key(string path, TableBatch batch, int row, int byIndex, int groupIndex)
    {
        var index = groupIndex >= 0 ? groupIndex : byIndex;
        if (index >= 0)
        {
            return batch.Columns[index].GetText(row)
                ?? throw AriadneException.BadData(path, $"row {batch.FirstRow + row}, column '{batch.Columns[index].Name}'", $"the {(groupIndex >= 0 ? "group" : "row id")} is missing. Every row needs one to be assigned a part.");
        }

        var key = new StringBuilder();
        foreach (var column in batch.Columns)
        {
            key.Append(column.GetText(row) ?? "\u2400").Append('\u001f');
        }

        return key.ToString();
    }

    /// <summary>Per class, the hash positions where each part ends: class shares follow the ratios to one row (largest remainder).</summary>
    private static async Task<Dictionary<string, double[]>> StratumCutsAsync(string path, TableFormat format, SplitOptions options, TableReadOptions reading, int byIndex, int groupIndex, int stratifyIndex, List<string> warnings, CancellationToken cancellationToken)
    {
        var positions = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        await Task.Run(() => ReadAll(path, format, reading, batch =>
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                var stratum = batch.Columns[stratifyIndex].GetText(r) ?? "";
                if (!positions.TryGetValue(stratum, out var list))
                {
                    positions[stratum] = list = [];
                }

                list.Add(SplitHash.Position(options.Seed, Key(path, batch, r, byIndex, groupIndex)));
            }
        }, [], cancellationToken), cancellationToken).ConfigureAwait(false);
        var cuts = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (stratum, list) in positions)
        {
            list.Sort();
            var counts = LargestRemainder(list.Count, options.Ratios);
            var cut = new double[counts.Length];
            var taken = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                taken += counts[i];
                cut[i] = taken >= list.Count ? double.PositiveInfinity : list[taken];
            }

            // Rows before the first position of the next part's block belong to this part.
            cuts[stratum] = cut;
            var empty = Enumerable.Range(0, counts.Length).Where(i => counts[i] == 0 && options.Ratios[i] > 0).Select(i => options.Names[i]).ToList();
            if (empty.Count > 0)
            {
                var where = string.Join(", ", Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).Select(i => $"{counts[i]} in {options.Names[i]}"));
                warnings.Add($"--stratify '{options.Stratify}': class '{stratum}' has only {list.Count} row(s) ({where}); {string.Join(" and ", empty)} get none of it. Merge rare classes, or leave them out of the split.");
            }
        }

        return cuts;
    }

    private static int[] LargestRemainder(int n, IReadOnlyList<double> ratios)
    {
        var exact = ratios.Select(r => r * n).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = n - counts.Sum();
        foreach (var i in Enumerable.Range(0, ratios.Count).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }

        return counts;
    }

    private static void ReadAll(string path, TableFormat format, TableReadOptions reading, Action<TableBatch> visit, List<string> warnings, CancellationToken cancellationToken)
    {
        using var reader = TableReader.OpenAsync(path, format, cancellationToken: cancellationToken, options: reading).GetAwaiter().GetResult();
        while (reader.ReadBatchAsync(cancellationToken).AsTask().GetAwaiter().GetResult() is { } batch)
        {
            visit(batch);
        }

        warnings.AddRange(reader.Warnings);
    }

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(',', '"', '\n') < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
