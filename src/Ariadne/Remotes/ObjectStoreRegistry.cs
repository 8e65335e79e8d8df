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

    public static void Register(string scheme, Func<RemoteSettings, IObjectStore> factory) => Schemes.Register(scheme, factory);

    public static IReadOnlyCollection<string> KnownSchemes => Schemes.KnownSchemes;

    public static bool IsKnown(string scheme) => Schemes.IsKnown(scheme);

    public static IObjectStore Open(RemoteSettings settings) =>
        Schemes.Find(settings.Scheme) is { } factory
            ? factory(settings)
            : throw AriadneException.UnknownScheme(settings.Url, KnownSchemes.Select(s => s + "://"));
}
