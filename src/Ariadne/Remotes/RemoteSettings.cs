namespace Ariadne.Remotes;

/// <summary>A configured remote: its name, URL and scheme-specific options (endpoint, region, credentials…).</summary>
public sealed record RemoteSettings(string Name, string Url, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The option's value, or null when it is missing or empty.</summary>
    public string? Option(string key) => Options.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>The scheme of the URL, or <c>file</c> for a plain path.</summary>
    public string Scheme
    {
        get
        {
            var index = Url.IndexOf("://", StringComparison.Ordinal);
            return index > 0 ? Url[..index].ToLowerInvariant() : "file";
        }
    }
}
