using System.Globalization;
using System.Text.Json;

namespace Ariadne.Data.Profiling;

/// <summary>
/// The profile as a JSON file (format 1). Besides the summary, each column keeps its distribution for drift tests:
/// "values" ([value, count] pairs) or "counts" (per category) when it has at most 10,000 distinct values, else
/// "quantiles" (1,001 evenly spaced) for numbers and the 10,000 most frequent categories.
/// </summary>
internal static class ProfileFile
{
    public const int FormatVersion = 1;

    private const int SketchQuantiles = 1001;

    public static void Write(DataProfile profile, Utf8JsonWriter w, bool includeDistributions = true)
    {
        w.WriteStartObject();
        w.WriteNumber("format", FormatVersion);
        w.WriteString("source", profile.Source);
        w.WriteString("file_format", profile.Format);
        w.WriteString("created", profile.Created.ToString("O", CultureInfo.InvariantCulture));
        w.WriteNumber("rows", profile.Rows);
        w.WriteStartArray("columns");
        foreach (var c in profile.Columns)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("kind", c.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("count", c.Count);
            w.WriteNumber("nulls", c.Nulls);
            w.WriteNumber("distinct", c.Distinct);
            if (c.Kind == ColumnKind.Numeric)
            {
                w.WriteNumber("min", c.Min!.Value);
                w.WriteNumber("max", c.Max!.Value);
                w.WriteNumber("mean", c.Mean!.Value);
                WriteNumberOrNull(w, "std", c.StandardDeviation!.Value);
                w.WriteStartObject("quantiles");
                foreach (var (q, v) in c.Quantiles)
                {
                    w.WriteNumber(q.ToString("0.##", CultureInfo.InvariantCulture), v);
                }

                w.WriteEndObject();
                w.WriteStartObject("histogram");
                w.WriteStartArray("edges");
                foreach (var e in c.Histogram!.Edges) { w.WriteNumberValue(e); }
                w.WriteEndArray();
                w.WriteStartArray("counts");
                foreach (var n in c.Histogram.Counts) { w.WriteNumberValue(n); }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartArray("top");
                foreach (var t in c.TopCategories)
                {
                    w.WriteStartObject();
                    w.WriteString("value", t.Value);
                    w.WriteNumber("count", t.Count);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (c.MixedExample is { } mixed)
                {
                    w.WriteString("mixed_types", mixed);
                }
            }

            if (includeDistributions)
            {
                WriteDistribution(w, c.Distribution);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) { w.WriteNumber(name, value); } else { w.WriteNull(name); }
    }

    private static void WriteDistribution(Utf8JsonWriter w, ColumnDistribution d)
    {
        w.WriteStartObject("distribution");
        w.WriteNumber("count", d.Count);
        if (d.IsNumeric)
        {
            var sorted = d.Sorted;
            if (d.Distinct() <= DataProfiler.ExactDistinctLimit)
            {
                w.WriteStartArray("values");
                var i = 0;
                while (i < sorted.Length)
                {
                    var j = i;
                    while (j < sorted.Length && sorted[j] == sorted[i]) { j++; }
                    w.WriteStartArray();
                    w.WriteNumberValue(sorted[i]);
                    w.WriteNumberValue(j - i);
                    w.WriteEndArray();
                    i = j;
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteStartArray("quantiles");
                for (var q = 0; q < SketchQuantiles; q++)
                {
                    w.WriteNumberValue(Quantiles.Of(sorted, (double)q / (SketchQuantiles - 1)));
                }

                w.WriteEndArray();
            }
        }
        else
        {
            w.WriteStartObject("counts");
            foreach (var (value, count) in d.Counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(DataProfiler.ExactDistinctLimit))
            {
                w.WriteNumber(value, count);
            }

            w.WriteEndObject();
            w.WriteBoolean("exact", d.Counts.Count <= DataProfiler.ExactDistinctLimit);
        }

        w.WriteEndObject();
    }

    public static byte[] ToBytes(DataProfile profile)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(profile, writer);
        }

        return buffer.ToArray();
    }

    /// <summary>True when the file looks like a profile written by Ariadne (JSON with "format" and "columns" with distributions).</summary>
    public static bool IsProfile(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[256];
        var read = stream.Read(head);
        var text = System.Text.Encoding.UTF8.GetString(head[..read]).TrimStart();
        return text.StartsWith('{') && text.Contains("\"format\"", StringComparison.Ordinal) && text.Contains("\"source\"", StringComparison.Ordinal);
    }

    /// <summary>The distributions stored in a profile file, by column name.</summary>
    public static IReadOnlyList<ColumnDistribution> ReadDistributions(string path, out long rows)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != FormatVersion)
            {
                throw AriadneException.BadData(path, "field 'format'", $"profile format {root.GetProperty("format")} is not supported (this version reads {FormatVersion}). Profile the data again.");
            }

            rows = root.GetProperty("rows").GetInt64();
            var result = new List<ColumnDistribution>();
            foreach (var column in root.GetProperty("columns").EnumerateArray())
            {
                var name = column.GetProperty("name").GetString()!;
                if (!column.TryGetProperty("distribution", out var d))
                {
                    throw AriadneException.BadData(path, $"column '{name}'", "the profile has no distribution (written with distributions left out); profile the data again to use it as a drift reference.");
                }

                var count = d.GetProperty("count").GetInt64();
                if (d.TryGetProperty("values", out var values))
                {
                    var sorted = new double[count];
                    var i = 0;
                    foreach (var pair in values.EnumerateArray())
                    {
                        var value = pair[0].GetDouble();
                        var n = pair[1].GetInt64();
                        sorted.AsSpan(i, (int)n).Fill(value);
                        i += (int)n;
                    }

                    result.Add(ColumnDistribution.Numeric(name, sorted));
                }
                else if (d.TryGetProperty("quantiles", out var quantiles))
                {
                    result.Add(ColumnDistribution.Numeric(name, [.. quantiles.EnumerateArray().Select(q => q.GetDouble())], exact: false, count: count));
                }
                else
                {
                    var counts = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var p in d.GetProperty("counts").EnumerateObject())
                    {
                        counts[p.Name] = p.Value.GetInt64();
                    }

                    result.Add(ColumnDistribution.Categorical(name, counts, d.GetProperty("exact").GetBoolean()));
                }
            }

            return result;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw AriadneException.BadData(path, "profile", $"not a readable Ariadne profile ({e.Message}). Write one with 'ariadne data profile <file> -o profile.json'.");
        }
    }
}
