using System.Text;
using System.Text.RegularExpressions;

namespace Ariadne.ModelCards;

/// <summary>
/// A model card as a file: YAML front matter between <c>---</c> lines, then Markdown. Ariadne's parts are marked:
/// the front matter keys it writes, and body blocks between <c>&lt;!-- ariadne:generated BEGIN id --&gt;</c> and
/// <c>&lt;!-- ariadne:generated END id --&gt;</c>. Regenerating replaces only those; every other key, section and line
/// the user wrote stays where it was.
/// </summary>
internal static partial class ModelCardDocument
{
    public const string Fence = "---";

    /// <summary>The front matter keys Ariadne owns (license only while the card does not set its own).</summary>
    public static readonly IReadOnlyList<string> GeneratedKeys = ["license", "library_name", "tags", "datasets", "metrics", "model-index"];

    public static string Begin(string id) => $"<!-- ariadne:generated BEGIN {id} (rewritten by 'ariadne models card'; write outside these markers) -->";

    public static string End(string id) => $"<!-- ariadne:generated END {id} -->";

    /// <summary>Splits a card into front matter (without fences) and body; a card without front matter has an empty one.</summary>
    public static (string FrontMatter, string Body) Split(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith(Fence + "\n", StringComparison.Ordinal))
        {
            return ("", text);
        }

        var end = text.IndexOf("\n" + Fence + "\n", Fence.Length, StringComparison.Ordinal);
        if (end < 0)
        {
            return text.EndsWith("\n" + Fence, StringComparison.Ordinal) ? (text[(Fence.Length + 1)..^(Fence.Length + 1)] + "\n", "") : ("", text);
        }

        return (text[(Fence.Length + 1)..(end + 1)], text[(end + Fence.Length + 2)..]);
    }

    /// <summary>Top-level keys of YAML front matter with the lines that belong to each (comments and blank lines stay with the key above).</summary>
    public static IReadOnlyList<(string Key, string Lines)> TopLevelEntries(string frontMatter)
    {
        var entries = new List<(string Key, StringBuilder Lines)>();
        foreach (var line in frontMatter.Split('\n'))
        {
            var match = TopLevelKey().Match(line);
            if (match.Success)
            {
                entries.Add((match.Groups[1].Value.Trim('"', '\''), new StringBuilder()));
            }
            else if (entries.Count == 0)
            {
                entries.Add(("", new StringBuilder()));
            }

            entries[^1].Lines.Append(line).Append('\n');
        }

        return entries.Select(e => (e.Key, e.Lines.ToString().TrimEnd('\n') + "\n")).Where(e => e.Item2.Trim().Length > 0).ToList();
    }

    /// <summary>
    /// The card text: the generated front matter keys (license only when <paramref name="licenseFromTag"/> or the old
    /// card has none) followed by the user's other keys; the old body with each generated block replaced, blocks no
    /// longer generated removed and new ones added after the last generated block; or, for a new card,
    /// <paramref name="template"/> filled with the blocks.
    /// </summary>
    public static string Merge(string? existing, IReadOnlyList<(string Key, string Yaml)> frontMatter, bool licenseFromTag, IReadOnlyList<(string Id, string Markdown)> blocks, string template)
    {
        var (oldFront, oldBody) = existing is null ? ("", string.Join("\n\n", blocks.Select(b => Block(b.Id, b.Markdown))) + "\n" + template) : Split(existing);
        var userEntries = TopLevelEntries(oldFront).Where(e => !GeneratedKeys.Contains(e.Key, StringComparer.Ordinal) || (e.Key == "license" && !licenseFromTag)).ToList();
        var keepLicense = userEntries.Any(e => e.Key == "license");
        var text = new StringBuilder(Fence).Append('\n');
        foreach (var (key, yaml) in frontMatter.Where(f => !(keepLicense && f.Key == "license")))
        {
            text.Append(yaml);
        }

        foreach (var (_, lines) in userEntries)
        {
            text.Append(lines);
        }

        text.Append(Fence).Append('\n');
        text.Append(ReplaceBlocks(oldBody, blocks));
        return text.ToString();
    }

    /// <summary>The generated block ids a card's body holds, in order.</summary>
    public static IReadOnlyList<string> BlockIds(string body) => BlockPattern().Matches(body).Select(m => m.Groups[1].Value).ToList();

    private static string ReplaceBlocks(string body, IReadOnlyList<(string Id, string Markdown)> blocks)
    {
        var wanted = blocks.ToDictionary(b => b.Id, b => b.Markdown, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var lastEnd = -1;
        var result = BlockPattern().Replace(body, match =>
        {
            var id = match.Groups[1].Value;
            if (!wanted.TryGetValue(id, out var markdown) || !placed.Add(id))
            {
                return "";
            }

            return Block(id, markdown);
        });
        var missing = blocks.Where(b => !placed.Contains(b.Id)).ToList();
        if (missing.Count == 0)
        {
            return result;
        }

        var extra = string.Concat(missing.Select(b => "\n" + Block(b.Id, b.Markdown)));
        var ends = BlockPattern().Matches(result);
        lastEnd = ends.Count > 0 ? ends[^1].Index + ends[^1].Length : -1;
        return lastEnd < 0 ? result.TrimEnd('\n') + "\n" + extra : result.Insert(lastEnd, extra);
    }

    private static string Block(string id, string markdown) => $"{Begin(id)}\n{markdown.TrimEnd('\n')}\n{End(id)}";

    [GeneratedRegex(@"^([A-Za-z0-9_""'][^:#\n]*?)\s*:(\s|$)")]
    private static partial Regex TopLevelKey();

    [GeneratedRegex(@"<!-- ariadne:generated BEGIN ([a-z0-9-]+)[^\n]*?-->\n.*?<!-- ariadne:generated END \1 -->", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();
}
