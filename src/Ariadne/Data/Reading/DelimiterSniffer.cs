namespace Ariadne.Data.Reading;

/// <summary>
/// Guesses a CSV file's delimiter from its first lines: the candidate (',', ';', tab, '|') that splits the header into
/// the most fields and every sampled line into the same number of fields; ',' when none does.
/// </summary>
internal static class DelimiterSniffer
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    public static char Detect(string path)
    {
        var lines = SampleLines(path, 20);
        if (lines.Count == 0)
        {
            return ',';
        }

        var best = ',';
        var bestFields = 1;
        foreach (var candidate in Candidates)
        {
            var fields = Fields(lines[0], candidate);
            if (fields > bestFields && lines.Skip(1).All(l => l.Length == 0 || Fields(l, candidate) == fields))
            {
                best = candidate;
                bestFields = fields;
            }
        }

        return best;
    }

    /// <summary>The delimiter-like characters in a header that was read as one column.</summary>
    public static char? LooksDelimited(string header) => Candidates.FirstOrDefault(c => header.Contains(c, StringComparison.Ordinal)) is var c and not '\0' ? c : null;

    /// <summary>Fields in a record, counting delimiters outside double quotes.</summary>
    private static int Fields(string line, char delimiter)
    {
        var fields = 1;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') { quoted = !quoted; }
            else if (ch == delimiter && !quoted) { fields++; }
        }

        return fields;
    }

    /// <summary>The first records of the file (split at newlines outside double quotes), from its first 64 KiB.</summary>
    private static List<string> SampleLines(string path, int count)
    {
        var lines = new List<string>(count);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[1 << 16];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        var start = 0;
        var quoted = false;
        for (var i = 0; i < read && lines.Count < count; i++)
        {
            if (buffer[i] == '"')
            {
                quoted = !quoted;
            }
            else if (buffer[i] == '\n' && !quoted)
            {
                lines.Add(new string(buffer, start, i - start).TrimEnd('\r'));
                start = i + 1;
            }
        }

        // A last record without a newline counts only when it is the end of the file, not of the sample.
        if (lines.Count < count && start < read && read < buffer.Length)
        {
            lines.Add(new string(buffer, start, read - start).TrimEnd('\r'));
        }

        return lines;
    }
}
