namespace Ariadne.Workspace;

/// <summary>
/// Adds tracked data to the <c>.gitignore</c> next to it, so git sees the pointer file and not the data, and takes the
/// entry out again when the path stops being tracked or moves (a file left empty is removed).
/// </summary>
internal static class GitIgnore
{
    public static void Ensure(string folder, string name)
    {
        var file = Path.Combine(folder, ".gitignore");
        var entry = "/" + Escape(name);
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        if (lines.Contains(entry, StringComparer.Ordinal))
        {
            return;
        }

        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            text += "\n";
        }

        AtomicFile.WriteAllText(file, text + entry + "\n");
    }

    public static void Remove(string folder, string name)
    {
        var file = Path.Combine(folder, ".gitignore");
        if (!File.Exists(file))
        {
            return;
        }

        var entry = "/" + Escape(name);
        var lines = File.ReadAllLines(file);
        var kept = lines.Where(l => l != entry).ToList();
        if (kept.Count == lines.Length)
        {
            return;
        }

        if (kept.All(string.IsNullOrWhiteSpace))
        {
            File.Delete(file);
            return;
        }

        AtomicFile.WriteAllText(file, string.Join('\n', kept) + "\n");
    }

    private static string Escape(string name)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '!' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        var result = escaped.ToString();
        return result.EndsWith(' ') ? result[..^1] + "\\ " : result;
    }
}
