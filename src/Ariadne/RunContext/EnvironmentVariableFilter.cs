using System.Collections;

namespace Ariadne.RunContext;

/// <summary>
/// Picks the environment variables worth recording: those named in an allow-list (an entry ending in <c>*</c> is a
/// prefix), minus every name that <see cref="SecretNames.LooksSecret"/>.
/// </summary>
internal static class EnvironmentVariableFilter
{
    private static StringComparison NameComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static IReadOnlyDictionary<string, string> Select(IReadOnlyCollection<string> allowList) =>
        Select(ReadAll(), allowList);

    internal static IReadOnlyDictionary<string, string> Select(IEnumerable<KeyValuePair<string, string>> variables, IReadOnlyCollection<string> allowList)
    {
        var comparison = NameComparison;
        var exact = new HashSet<string>(comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<string>();
        foreach (var entry in allowList)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            if (entry.EndsWith('*'))
            {
                prefixes.Add(entry[..^1]);
            }
            else
            {
                exact.Add(entry);
            }
        }

        var selected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (SecretNames.LooksSecret(name))
            {
                continue;
            }

            if (exact.Contains(name) || prefixes.Exists(p => name.StartsWith(p, comparison)))
            {
                selected[name] = value;
            }
        }

        return selected;
    }

    private static List<KeyValuePair<string, string>> ReadAll()
    {
        var all = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                all.Add(new(name, value));
            }
        }

        return all;
    }
}
