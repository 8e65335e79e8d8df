using System.Text;

namespace Ariadne.Gate;

/// <summary>What <c>ariadne check</c> found: every check with its result; passed when every check passed. Renders as a Markdown pull-request comment.</summary>
internal sealed record GateReport(IReadOnlyList<GateCheck> Checks, string Baseline)
{
    /// <summary>The first line of every report: CI steps find an earlier comment by it, to update it in place.</summary>
    public const string Marker = "<!-- ariadne-check -->";

    public bool Passed => Checks.All(c => c.Passed);

    public string ToMarkdown()
    {
        var failed = Checks.Count(c => !c.Passed);
        var md = new StringBuilder();
        md.Append(Marker).Append('\n');
        md.Append(Passed
            ? $"## ✅ Ariadne check passed ({Checks.Count} check(s))\n\n"
            : $"## ❌ Ariadne check failed: {failed} of {Checks.Count} check(s)\n\n");
        md.Append("| check | result | detail |\n| --- | --- | --- |\n");
        foreach (var check in Checks)
        {
            md.Append("| ").Append(Cell(check.Name)).Append(" | ").Append(check.Passed ? "✅ pass" : "❌ fail").Append(" | ").Append(Cell(check.Summary)).Append(" |\n");
        }

        foreach (var check in Checks.Where(c => !c.Passed || c.Details.Count > 0))
        {
            md.Append('\n').Append(check.Passed ? "### " : "### ❌ ").Append(Text(check.Name)).Append("\n\n");
            foreach (var line in check.Details)
            {
                md.Append(line.StartsWith("  ", StringComparison.Ordinal) ? "  - " : "- ").Append(Text(line.Trim())).Append('\n');
            }

            if (check.Advice is not null)
            {
                md.Append(check.Details.Count > 0 ? "\n" : "").Append(Text(check.Advice)).Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>Text for a table cell: pipes escaped, one line.</summary>
    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>Text that Markdown shows as written: no HTML, no emphasis or code markers taken from file names and messages.</summary>
    private static string Text(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '<' or '>' or '[' or ']' or '#')
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
