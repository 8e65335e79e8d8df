namespace Ariadne.Remotes;

/// <summary>
/// Maps URL schemes to store factories, like MLflow's store registry. Factories run lazily, when a command first
/// needs the remote. Plugins (such as Ariadne.S3) register their scheme at start-up.
/// </summary>
public static class ObjectStoreRegistry
{
    private static readonly Dictionary<string, Func<RemoteSettings, IObjectStore>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["file"] = settings => new LocalFolderStore(settings),
    };

    private static readonly Lock Gate = new();

    public static void Register(string scheme, Func<RemoteSettings, IObjectStore> factory)
    {
        lock (Gate)
        {
            Factories[scheme] = factory;
        }
    }

    public static IReadOnlyCollection<string> KnownSchemes
    {
        get
        {
            lock (Gate)
            {
                return [.. Factories.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public static bool IsKnown(string scheme)
    {
        lock (Gate)
        {
            return Factories.ContainsKey(scheme);
        }
    }

    public static IObjectStore Open(RemoteSettings settings)
    {
        Func<RemoteSettings, IObjectStore>? factory;
        lock (Gate)
        {
            Factories.TryGetValue(settings.Scheme, out factory);
        }

        return factory is null
            ? throw AriadneException.UnknownScheme(settings.Url, KnownSchemes.Select(s => s + "://"))
            : factory(settings);
    }
}
