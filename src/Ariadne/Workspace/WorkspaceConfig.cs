using Ariadne.Content;
using Ariadne.Remotes;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Workspace;

/// <summary>
/// <c>.ariadne/config.yaml</c> (committed) merged with <c>.ariadne/config.local.yaml</c> (not committed, for secrets).
/// <code>
/// cache:
///   link: [reflink, copy]
/// core:
///   remote: storage
/// remotes:
///   storage:
///     url: s3://bucket/prefix
///     endpoint: http://127.0.0.1:4568
/// </code>
/// </summary>
internal sealed class WorkspaceConfig
{
    private readonly Dictionary<string, Dictionary<string, string>> _remotes = new(StringComparer.Ordinal);

    /// <summary>
    /// How workspace files share bytes with the cache, tried in order. The default never hard-links: only a listed
    /// <c>hardlink</c> (an explicit opt-in) lets a workspace file share the inode of a cache object.
    /// </summary>
    public IReadOnlyList<LinkKind> LinkKinds { get; set; } = ObjectCache.DefaultLinkKinds;

    /// <summary>
    /// The list <c>ariadne init</c> wrote into every config.yaml before hard links became opt-in. It was never the
    /// user's choice, so it reads as today's default; a user who wants hard links lists them without reflink first
    /// (for example <c>[hardlink, copy]</c>).
    /// </summary>
    private static readonly LinkKind[] WrittenByEarlierInit = [LinkKind.Reflink, LinkKind.Hardlink, LinkKind.Copy];

    public string? DefaultRemote { get; set; }

    /// <summary>Parallel transfers for push, pull and fetch.</summary>
    public int Jobs { get; set; } = 8;

    public IEnumerable<string> RemoteNames => _remotes.Keys.Order(StringComparer.Ordinal);

    public RemoteSettings Remote(string name)
    {
        if (!_remotes.TryGetValue(name, out var values) || !values.TryGetValue("url", out var url))
        {
            throw AriadneException.RemoteNotFound(name, RemoteNames);
        }

        return new RemoteSettings(name, url, values.Where(kv => kv.Key != "url").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
    }

    /// <summary>The remote named, or the default one when <paramref name="name"/> is null.</summary>
    public RemoteSettings ResolveRemote(string? name) =>
        Remote(name ?? DefaultRemote ?? throw AriadneException.NoDefaultRemote());

    public void SetRemote(string name, string url, IReadOnlyDictionary<string, string> options)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["url"] = url };
        foreach (var (key, value) in options)
        {
            values[key] = value;
        }

        _remotes[name] = values;
    }

    public bool RemoveRemote(string name)
    {
        var removed = _remotes.Remove(name);
        if (removed && DefaultRemote == name)
        {
            DefaultRemote = null;
        }

        return removed;
    }

    /// <summary>The keys each section knows; anything else in a config file is refused, naming the known ones.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> KnownKeys = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["cache"] = ["link", "jobs"],
        ["core"] = ["remote"],
        ["remotes"] = [],
    };

    public static WorkspaceConfig Load(string sharedFile, string localFile) =>
        FromRoots(ReadRoot(sharedFile), sharedFile, ReadRoot(localFile), localFile);

    /// <summary>The settings in config text (another repository's <c>config.yaml</c> at some revision), validated as a file is.</summary>
    public static WorkspaceConfig Parse(string sharedText, string source) =>
        FromRoots(ParseRoot(new StringReader(sharedText), source), source, null, source);

    /// <summary>Settings from the two files' YAML (either may be null), checked exactly as loading the files checks them.</summary>
    internal static WorkspaceConfig FromRoots(YamlMappingNode? shared, string sharedFile, YamlMappingNode? local, string localFile)
    {
        var config = new WorkspaceConfig();
        config.Merge(shared, sharedFile);
        config.Merge(local, localFile);
        foreach (var (name, values) in config._remotes)
        {
            if (!values.ContainsKey("url"))
            {
                throw AriadneException.MalformedConfig(local is not null && Child(Child(local, "remotes"), name) is not null && Child(Child(shared, "remotes"), name) is null ? localFile : sharedFile, $"remote '{name}' has no url; give it one (remotes.{name}.url) or remove it");
            }
        }

        return config;
    }

    /// <summary>Writes the shared settings; secrets stay in the local file untouched.</summary>
    public void Save(string sharedFile, string localFile)
    {
        var local = ReadRoot(localFile);
        var root = new YamlMappingNode();
        root.Add("cache", new YamlMappingNode
        {
            { "link", new YamlSequenceNode(LinkKinds.Select(k => new YamlScalarNode(k.ToString().ToLowerInvariant()))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } },
            { "jobs", Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        if (DefaultRemote is not null)
        {
            root.Add("core", new YamlMappingNode { { "remote", DefaultRemote } });
        }

        var localRemotes = Child(local, "remotes");
        var remotes = new YamlMappingNode();
        foreach (var name in RemoteNames)
        {
            var node = new YamlMappingNode();
            var secret = Child(localRemotes, name);
            foreach (var (key, value) in _remotes[name])
            {
                if (secret?.Children.ContainsKey(key) != true)
                {
                    node.Add(key, value);
                }
            }

            remotes.Add(name, node);
        }

        if (remotes.Children.Count > 0)
        {
            root.Add("remotes", remotes);
        }

        var text = new StringWriter();
        text.WriteLine("# Ariadne workspace settings. Commit this file; put secrets in config.local.yaml (git-ignored).");
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        AtomicFile.WriteAllText(sharedFile, text.ToString().Replace("...\n", "", StringComparison.Ordinal));
    }

    private void Merge(YamlMappingNode? root, string file)
    {
        if (root is null)
        {
            return;
        }

        try
        {
            CheckKeys(root, file);
            if (Child(root, "cache") is { } cache)
            {
                if (cache.Children.TryGetValue(new YamlScalarNode("link"), out var link))
                {
                    var items = link is YamlSequenceNode seq ? seq.Children.Select(Scalar) : Scalar(link).Split(',');
                    var kinds = items.Select(s => ParseLinkKind(file, s.Trim())).ToList();
                    LinkKinds = kinds.SequenceEqual(WrittenByEarlierInit) ? ObjectCache.DefaultLinkKinds : kinds;
                }

                if (cache.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs))
                {
                    Jobs = int.TryParse(Scalar(jobs), out var n) && n > 0
                        ? n
                        : throw AriadneException.MalformedConfig(file, $"cache.jobs must be a positive whole number, not '{Scalar(jobs)}'");
                }
            }

            if (Child(root, "core") is { } core && core.Children.TryGetValue(new YamlScalarNode("remote"), out var remote))
            {
                DefaultRemote = Scalar(remote);
            }

            if (Child(root, "remotes") is { } remotes)
            {
                foreach (var (key, value) in remotes.Children)
                {
                    var name = Scalar(key);
                    if (value is not YamlMappingNode settings)
                    {
                        throw AriadneException.MalformedConfig(file, $"remote '{name}' must be a mapping with at least 'url'");
                    }

                    if (!_remotes.TryGetValue(name, out var values))
                    {
                        values = new Dictionary<string, string>(StringComparer.Ordinal);
                        _remotes[name] = values;
                    }

                    foreach (var (k, v) in settings.Children)
                    {
                        values[Scalar(k)] = Scalar(v);
                    }
                }
            }
        }
        catch (InvalidCastException e)
        {
            throw AriadneException.MalformedConfig(file, e.Message);
        }
    }

    private static LinkKind ParseLinkKind(string file, string text) => text.ToLowerInvariant() switch
    {
        "reflink" => LinkKind.Reflink,
        "hardlink" => LinkKind.Hardlink,
        "copy" => LinkKind.Copy,
        _ => throw AriadneException.MalformedConfig(file, $"cache.link has '{text}'; use reflink, hardlink or copy"),
    };

    /// <summary>Refuses a section or key the config does not know (a typo would otherwise be silently ignored).</summary>
    private static void CheckKeys(YamlMappingNode root, string file)
    {
        foreach (var (keyNode, value) in root.Children)
        {
            var section = Scalar(keyNode);
            if (!KnownKeys.TryGetValue(section, out var keys))
            {
                throw AriadneException.MalformedConfig(file, $"unknown section '{section}'; known: {string.Join(", ", KnownKeys.Keys)}");
            }

            if (value is not YamlMappingNode map)
            {
                if (value is YamlScalarNode { Value: null or "" })
                {
                    continue;
                }

                throw AriadneException.MalformedConfig(file, $"line {value.Start.Line}: '{section}' must be a mapping (key: value)");
            }

            if (keys.Length == 0)
            {
                continue;
            }

            foreach (var key in map.Children.Keys.Select(Scalar))
            {
                if (!keys.Contains(key, StringComparer.Ordinal))
                {
                    throw AriadneException.MalformedConfig(file, $"unknown key '{section}.{key}'; known: {string.Join(", ", keys.Select(k => section + "." + k))}, remotes.<name>.<option>");
                }
            }
        }
    }

    internal static YamlMappingNode? ReadRoot(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        using var reader = new StreamReader(file);
        return ParseRoot(reader, file);
    }

    internal static YamlMappingNode? ParseRoot(TextReader reader, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw AriadneException.MalformedConfig(file, $"line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw AriadneException.MalformedConfig(file, "the top level must be a mapping (key: value)");
    }

    internal static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static string Scalar(YamlNode node) => node is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : throw new InvalidCastException($"line {node.Start.Line}: expected a single value");
}
