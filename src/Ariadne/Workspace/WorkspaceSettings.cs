using Ariadne.Remotes;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne config</c>: reads and writes single settings of <c>.ariadne/config.yaml</c> (shared, committed) or
/// <c>.ariadne/config.local.yaml</c> (this machine only, git-ignored, read over the shared file). Keys are dotted paths
/// into the YAML: <c>cache.link</c>, <c>cache.jobs</c>, <c>core.remote</c>, <c>remotes.NAME.OPTION</c>. A change is
/// checked by loading both files exactly as every command loads them, so a bad key or value gives the same error a
/// bad file would, and nothing is written.
/// </summary>
internal sealed class WorkspaceSettings(DataWorkspace workspace)
{
    /// <summary>The effective value (the local file over the shared one, else the default), or null when unset.</summary>
    public string? Get(string key)
    {
        var path = Parse(key);
        return Effective().FirstOrDefault(s => s.Key == string.Join('.', path))?.Value;
    }

    /// <summary>Every effective setting, or with <paramref name="localOnly"/> only those the local file sets.</summary>
    public IReadOnlyList<ConfigSetting> List(bool localOnly) =>
        localOnly ? Flatten(WorkspaceConfig.ReadRoot(workspace.LocalConfigFile)) : Effective();

    public void Set(string key, string value, bool local)
    {
        var path = Parse(key);
        if (path[0] == "remotes" && path[2] == "url" && !ObjectStoreRegistry.IsKnown(new RemoteSettings(path[1], value, new Dictionary<string, string>()).Scheme))
        {
            throw AriadneException.UnknownScheme(value, ObjectStoreRegistry.KnownSchemes.Select(s => s + "://"));
        }

        Change(local, config =>
        {
            if (path is ["core", "remote"])
            {
                // The default remote must be one that exists, or every push and pull would fail later.
                config.Remote(value);
            }
        }, root =>
        {
            var section = Section(root, path[0]);
            if (path.Length == 3)
            {
                section = Section(section, path[1]);
            }

            section.Children[new YamlScalarNode(path[^1])] = path is ["cache", "link"]
                ? new YamlSequenceNode(value.Split(',').Select(v => new YamlScalarNode(v.Trim()))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow }
                : new YamlScalarNode(value);
        });
    }

    public void Unset(string key, bool local)
    {
        var path = Parse(key);
        Change(local, _ => { }, root =>
        {
            var parent = path.Length == 3 ? WorkspaceConfig.Child(WorkspaceConfig.Child(root, path[0]), path[1]) : WorkspaceConfig.Child(root, path[0]);
            if (parent is null || !parent.Children.Remove(new YamlScalarNode(path[^1])))
            {
                throw AriadneException.InvalidArgument($"'{key}' is not set in {(local ? "config.local.yaml" : "config.yaml")}; nothing changed.{(local ? "" : " (Settings in config.local.yaml are unset with --local.)")}");
            }

            if (path.Length == 3 && parent.Children.Count == 0)
            {
                WorkspaceConfig.Child(root, path[0])!.Children.Remove(new YamlScalarNode(path[1]));
            }

            if (WorkspaceConfig.Child(root, path[0]) is { Children.Count: 0 })
            {
                root.Children.Remove(new YamlScalarNode(path[0]));
            }
        });
    }

    /// <summary>Applies <paramref name="edit"/> to one file's YAML, checks both files as a load would, then writes that file.</summary>
    private void Change(bool local, Action<WorkspaceConfig> check, Action<YamlMappingNode> edit)
    {
        using var held = workspace.Lock();
        var file = local ? workspace.LocalConfigFile : workspace.ConfigFile;
        var root = WorkspaceConfig.ReadRoot(file) ?? new YamlMappingNode();
        edit(root);
        var shared = local ? WorkspaceConfig.ReadRoot(workspace.ConfigFile) : root;
        var localRoot = local ? root : WorkspaceConfig.ReadRoot(workspace.LocalConfigFile);
        check(WorkspaceConfig.FromRoots(shared, workspace.ConfigFile, localRoot, workspace.LocalConfigFile));
        var text = new StringWriter();
        text.WriteLine(local
            ? "# Settings of this machine only (git-ignored), read over config.yaml: secrets, local paths."
            : "# Ariadne workspace settings. Commit this file; put secrets in config.local.yaml (git-ignored).");
        if (root.Children.Count > 0)
        {
            new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        }

        AtomicFile.WriteAllText(file, text.ToString().Replace("...\n", "", StringComparison.Ordinal));
    }

    private List<ConfigSetting> Effective()
    {
        var config = workspace.Config;
        var result = new List<ConfigSetting>
        {
            new("cache.link", string.Join(',', config.LinkKinds.Select(k => k.ToString().ToLowerInvariant()))),
            new("cache.jobs", config.Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (config.DefaultRemote is { } remote)
        {
            result.Add(new("core.remote", remote));
        }

        foreach (var name in config.RemoteNames)
        {
            var settings = config.Remote(name);
            result.Add(new($"remotes.{name}.url", settings.Url));
            result.AddRange(settings.Options.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ConfigSetting($"remotes.{name}.{kv.Key}", kv.Value)));
        }

        return result;
    }

    private static List<ConfigSetting> Flatten(YamlMappingNode? root)
    {
        var result = new List<ConfigSetting>();
        void Walk(YamlNode node, string prefix)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        Walk(value, prefix.Length == 0 ? ((YamlScalarNode)key).Value ?? "" : prefix + "." + ((YamlScalarNode)key).Value);
                    }

                    break;
                case YamlSequenceNode list:
                    result.Add(new(prefix, string.Join(',', list.Children.OfType<YamlScalarNode>().Select(s => s.Value))));
                    break;
                case YamlScalarNode scalar:
                    result.Add(new(prefix, scalar.Value ?? ""));
                    break;
            }
        }

        if (root is not null)
        {
            Walk(root, "");
        }

        return result;
    }

    /// <summary>The key's parts: [section, key] or [remotes, name, option]; anything else is refused, naming the known keys.</summary>
    private static string[] Parse(string key)
    {
        var parts = key.Split('.');
        var known = string.Join(", ", WorkspaceConfig.KnownKeys.Where(kv => kv.Value.Length > 0).SelectMany(kv => kv.Value.Select(k => kv.Key + "." + k))) + ", remotes.<name>.<option> (url, endpoint, region, ...)";
        if (parts.Any(p => p.Length == 0) || !WorkspaceConfig.KnownKeys.TryGetValue(parts[0], out var keys))
        {
            throw AriadneException.InvalidArgument($"Unknown config key '{key}'. Known keys: {known}.");
        }

        if (parts[0] == "remotes")
        {
            if (parts.Length != 3 || !parts[1].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw AriadneException.InvalidArgument($"'{key}' is not a remote setting: use remotes.<name>.<option>, e.g. remotes.storage.url (remote names use letters, digits, '-' and '_').");
            }

            return parts;
        }

        return parts.Length == 2 && keys.Contains(parts[1], StringComparer.Ordinal)
            ? parts
            : throw AriadneException.InvalidArgument($"Unknown config key '{key}'. Known keys: {known}.");
    }

    private static YamlMappingNode Section(YamlMappingNode parent, string key)
    {
        if (WorkspaceConfig.Child(parent, key) is { } existing)
        {
            return existing;
        }

        var created = new YamlMappingNode();
        parent.Children[new YamlScalarNode(key)] = created;
        return created;
    }
}
