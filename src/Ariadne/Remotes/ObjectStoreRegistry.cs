namespace Ariadne.Remotes;

/// <summary>
/// Maps URL schemes to store factories, like MLflow's store registry. Factories run lazily, when a command first
/// needs the remote. Plugins (such as Ariadne.S3) register their scheme at start-up.
/// </summary>
public static class ObjectStoreRegistry
{
    private static readonly SchemeRegistry<RemoteSettings, IObjectStore> Schemes = new(
    [
        new("file", settings => new LocalFolderStore(settings)),
    ]);

    /// <summary>Registers (or replaces) the factory for a URL scheme such as <c>s3</c>.</summary>
    public static void Register(string scheme, Func<RemoteSettings, IObjectStore> factory) => Schemes.Register(scheme, factory);

    /// <summary>The schemes registered so far.</summary>
    public static IReadOnlyCollection<string> KnownSchemes => Schemes.KnownSchemes;

    /// <summary>True when a factory is registered for the scheme.</summary>
    public static bool IsKnown(string scheme) => Schemes.IsKnown(scheme);

    /// <summary>Opens the remote through its scheme's factory; an unknown scheme is an error listing the known ones.</summary>
    public static IObjectStore Open(RemoteSettings settings) =>
        Schemes.Find(settings.Scheme) is { } factory
            ? factory(settings)
            : throw AriadneException.UnknownScheme(settings.Url, KnownSchemes.Select(s => s + "://"));
}
