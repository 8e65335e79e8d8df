namespace Ariadne.Data.Reading;

/// <summary>The tabular file formats Ariadne reads.</summary>
public enum TableFormat
{
    /// <summary>Comma-separated values (RFC 4180), first record the header.</summary>
    Csv,
    /// <summary>Tab-separated values, first record the header.</summary>
    Tsv,
    /// <summary>A JSON array of objects, one per row.</summary>
    Json,
    /// <summary>One JSON object per line (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    JsonLines,
    /// <summary>Apache Parquet.</summary>
    Parquet,
    /// <summary>Apache Arrow IPC (<c>.arrow</c>, Feather v2 <c>.feather</c>): read; parts of a split are written as Parquet.</summary>
    Arrow,
}

internal static class TableFormats
{
    /// <summary>The format named by the file's extension (.csv, .tsv, .tab, .json, .jsonl, .ndjson, .parquet, .arrow, .feather).</summary>
    public static TableFormat FromPath(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"'{path}' is compressed; decompress it first (gunzip), Ariadne reads .csv, .tsv, .json, .jsonl, .parquet and .arrow files.");
        }

        return Path.GetExtension(name) switch
        {
            ".csv" => TableFormat.Csv,
            ".tsv" or ".tab" => TableFormat.Tsv,
            ".json" => TableFormat.Json,
            ".jsonl" or ".ndjson" => TableFormat.JsonLines,
            ".parquet" or ".pq" => TableFormat.Parquet,
            ".arrow" or ".feather" or ".ipc" => TableFormat.Arrow,
            _ => throw AriadneException.InvalidArgument($"Cannot tell the format of '{path}' from its extension. Use .csv, .tsv, .json, .jsonl, .parquet or .arrow (or pass --format)."),
        };
    }

    public static TableFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "csv" => TableFormat.Csv,
        "tsv" => TableFormat.Tsv,
        "json" => TableFormat.Json,
        "jsonl" or "ndjson" or "jsonlines" => TableFormat.JsonLines,
        "parquet" => TableFormat.Parquet,
        "arrow" or "feather" => TableFormat.Arrow,
        _ => throw AriadneException.InvalidArgument($"Unknown format '{name}'. Known formats: csv, tsv, json, jsonl, parquet, arrow."),
    };
}
