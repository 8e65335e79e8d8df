using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ariadne.Data.Reading;

namespace Ariadne.Data.Schema;

/// <summary>
/// Checks a data file against a schema in one streaming pass. Every check runs to the end of the file, so the report
/// gives each failing check's count and example rows, not just the first problem.
/// </summary>
public static class SchemaValidator
{
    /// <summary>How many failing rows each check reports as examples.</summary>
    public const int ExamplesPerCheck = 5;

    /// <summary>Checks a table against a schema, streaming it; every check is reported, passing or failing, with example rows for failures.</summary>
    public static async Task<ValidationReport> ValidateAsync(string path, DataSchema schema, TableFormat? format = null, CancellationToken cancellationToken = default)
    {
        using var reader = await TableReader.OpenAsync(path, format, cancellationToken: cancellationToken, options: schema.NaValues is { } na ? new TableReadOptions { NaValues = na } : null).ConfigureAwait(false);
        var index = reader.ColumnNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var results = new List<CheckResult>();
        var columns = new List<(ColumnRule Rule, int Index, ColumnChecks Checks)>();
        foreach (var rule in schema.Columns)
        {
            if (index.TryGetValue(rule.Name, out var i))
            {
                columns.Add((rule, i, new ColumnChecks(rule)));
            }
            else
            {
                results.Add(new CheckResult(rule.Name, "present", $"column '{rule.Name}' exists (the file has: {string.Join(", ", reader.ColumnNames)})", 1, []));
            }
        }

        var groups = new List<(IReadOnlyList<string> Names, int[] Indexes, HashSet<string> Seen, Failures Failures)>();
        foreach (var group in schema.UniqueTogether)
        {
            var missing = group.Where(n => !index.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                results.Add(new CheckResult(string.Join("+", group), "present", $"columns {string.Join(", ", missing)} exist for the unique combination", 1, []));
                continue;
            }

            groups.Add((group, [.. group.Select(n => index[n])], new HashSet<string>(StringComparer.Ordinal), new Failures()));
        }

        long rows = 0;
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            Parallel.For(0, columns.Count, c => columns[c].Checks.Add(batch.Columns[columns[c].Index], batch.RowCount, batch.FirstRow));
            foreach (var (_, indexes, seen, failures) in groups)
            {
                var key = new StringBuilder();
                for (var r = 0; r < batch.RowCount; r++)
                {
                    key.Clear();
                    foreach (var c in indexes)
                    {
                        key.Append(batch.Columns[c].GetText(r) ?? "\u2400").Append('\u001f');
                    }

                    var text = key.ToString();
                    if (!seen.Add(text))
                    {
                        failures.Add(batch.FirstRow + r, text.TrimEnd('\u001f').Replace('\u001f', '|'));
                    }
                }
            }

            rows += batch.RowCount;
        }

        foreach (var (_, _, checks) in columns)
        {
            results.AddRange(checks.Results(rows));
        }

        foreach (var (names, _, _, failures) in groups)
        {
            results.Add(failures.Result(string.Join("+", names), "unique_together", $"no two rows share ({string.Join(", ", names)})"));
        }

        if (schema.MinRows is { } min)
        {
            results.Add(new CheckResult(null, "min_rows", $"at least {min} row(s) (found {rows})", rows < min ? 1 : 0, []));
        }

        if (schema.MaxRows is { } max)
        {
            results.Add(new CheckResult(null, "max_rows", $"at most {max} row(s) (found {rows})", rows > max ? 1 : 0, []));
        }

        return new ValidationReport(path, rows, results);
    }

    private sealed class Failures
    {
        private readonly List<ExampleRow> _examples = [];

        public long Count { get; private set; }

        public void Add(long row, string? value)
        {
            Count++;
            if (_examples.Count < ExamplesPerCheck)
            {
                _examples.Add(new ExampleRow(row, value));
            }
        }

        public CheckResult Result(string? column, string check, string expectation) => new(column, check, expectation, Count, _examples);
    }

    private sealed class ColumnChecks(ColumnRule rule)
    {
        private readonly Failures _type = new();
        private readonly Failures _nulls = new();
        private readonly Failures _min = new();
        private readonly Failures _max = new();
        private readonly Failures _allowed = new();
        private readonly Failures _pattern = new();
        private readonly Failures _unique = new();
        private readonly HashSet<string>? _allowedSet = rule.Allowed is { } a ? new HashSet<string>(a, StringComparer.Ordinal) : null;
        private readonly Regex? _regex = rule.Pattern is { } p ? new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        private readonly Dictionary<string, long>? _seen = rule.Unique ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
        private long _nullCount;

        public void Add(ColumnBatch column, int count, long firstRow)
        {
            for (var i = 0; i < count; i++)
            {
                var row = firstRow + i;
                if (column.Kinds[i] == CellKind.Null)
                {
                    _nullCount++;
                    if (!rule.Nullable)
                    {
                        _nulls.Add(row, null);
                    }

                    continue;
                }

                if (!CellTypes.Satisfies(column, i, rule.Type))
                {
                    _type.Add(row, column.GetText(i));
                }

                if (column.Kinds[i] == CellKind.Number)
                {
                    var v = column.Numbers[i];
                    if (rule.Min is { } min && v < min) { _min.Add(row, column.GetText(i)); }
                    if (rule.Max is { } max && v > max) { _max.Add(row, column.GetText(i)); }
                }

                if (_allowedSet is null && _regex is null && _seen is null)
                {
                    continue;
                }

                var text = column.GetText(i)!;
                if (_allowedSet is not null && !_allowedSet.Contains(text)) { _allowed.Add(row, text); }
                if (_regex is not null && !_regex.IsMatch(text)) { _pattern.Add(row, text); }
                if (_seen is not null && !_seen.TryAdd(text, row)) { _unique.Add(row, $"{text} (first in row {_seen[text]})"); }
            }
        }

        public IEnumerable<CheckResult> Results(long rows)
        {
            var name = rule.Name;
            yield return _type.Result(name, "type", $"every value is {Article(rule.Type)}");
            if (!rule.Nullable)
            {
                yield return _nulls.Result(name, "not_null", "no missing values");
            }
            else if (rule.MaxNullShare is { } share)
            {
                var actual = rows == 0 ? 0 : (double)_nullCount / rows;
                yield return new CheckResult(name, "null_share", $"at most {share.ToString("P2", CultureInfo.InvariantCulture)} missing (found {actual.ToString("P2", CultureInfo.InvariantCulture)}, {_nullCount} row(s))", actual > share ? _nullCount : 0, []);
            }

            if (rule.Min is { } min) { yield return _min.Result(name, "min", $"values ≥ {min.ToString("R", CultureInfo.InvariantCulture)}"); }
            if (rule.Max is { } max) { yield return _max.Result(name, "max", $"values ≤ {max.ToString("R", CultureInfo.InvariantCulture)}"); }
            if (rule.Allowed is { } allowed) { yield return _allowed.Result(name, "allowed", $"values in {{{string.Join(", ", allowed.Take(10))}{(allowed.Count > 10 ? ", …" : "")}}}"); }
            if (rule.Pattern is { } pattern) { yield return _pattern.Result(name, "pattern", $"values match /{pattern}/"); }
            if (rule.Unique) { yield return _unique.Result(name, "unique", "no value repeats"); }
        }

        private static string Article(ColumnType type) => type switch
        {
            ColumnType.Integer => "an integer",
            ColumnType.Number => "a number",
            ColumnType.Boolean => "a boolean (true/false)",
            ColumnType.Datetime => "a date/time (ISO 8601)",
            _ => "text",
        };
    }
}
