namespace Ariadne.Cli.Commands;

/// <summary>
/// The Ariadne SDK as the NuGet package this tool was built with (embedded as <c>sdk/Ariadne.VERSION.nupkg</c>), for the
/// project <c>ariadne quickstart</c> creates: the package goes into the project's <c>packages/</c> folder, a
/// <c>nuget.config</c> names that folder as a source by relative path, and the trainer references package Ariadne
/// instead of the example's project reference into an Ariadne checkout. The project builds wherever it is copied.
/// </summary>
internal sealed class QuickstartSdkPackage
{
    /// <summary>The project's folder of local packages, relative to its root.</summary>
    public const string FolderName = "packages";

    private const string ResourcePrefix = "sdk/Ariadne.";
    private const string ResourceSuffix = ".nupkg";
    private const string SourceProperty = "<AriadneSource>$(MSBuildThisFileDirectory)../../src/Ariadne</AriadneSource>";
    private const string ProjectReference = "<ProjectReference Include=\"$(AriadneSource)/Ariadne.csproj\" />";
    private const string VersionsEnd = "  </ItemGroup>";

    /// <summary>
    /// The project's packages are pinned: restore writes src/packages.lock.json (quickstart restores once before the
    /// first commit) and, once it exists, restores in locked mode, failing instead of resolving other versions.
    /// </summary>
    private const string LockedRestore = """

            <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
            <RestoreLockedMode Condition="Exists('$(MSBuildProjectDirectory)/packages.lock.json')">true</RestoreLockedMode>
        """;

    private readonly string _resource;

    private QuickstartSdkPackage(string resource, string version)
    {
        _resource = resource;
        Version = version;
    }

    /// <summary>The package's version, e.g. <c>0.1.0-embedded.617a30853c2a</c>.</summary>
    public string Version { get; }

    public string FileName => $"Ariadne.{Version}{ResourceSuffix}";

    /// <summary>The package embedded in this build of the tool.</summary>
    public static QuickstartSdkPackage Embedded()
    {
        var name = typeof(QuickstartSdkPackage).Assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The Ariadne SDK package is missing from this build of ariadne (see EmbedSdkPackage in Ariadne.Cli.csproj).");
        return new QuickstartSdkPackage(name, name[ResourcePrefix.Length..^ResourceSuffix.Length]);
    }

    /// <summary>Writes the package into <c>packages/</c> and a <c>nuget.config</c> naming it, unless they are there.</summary>
    public async Task WriteAsync(string root, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, FolderName);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, FileName);
        if (!File.Exists(target))
        {
            await using var resource = typeof(QuickstartSdkPackage).Assembly.GetManifestResourceStream(_resource)!;
            await using var file = File.Create(target);
            await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var config = Path.Combine(root, "nuget.config");
        if (!File.Exists(config))
        {
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <!-- Written by 'ariadne quickstart': the Ariadne SDK package comes from {FolderName}/ (a path relative to this file). -->
                <configuration>
                  <packageSources>
                    <add key="ariadne-local" value="{FolderName}" />
                  </packageSources>
                </configuration>

                """, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The example's build files with the SDK as this package instead of a project in a checkout; other files unchanged.
    /// </summary>
    public string Adapt(string relativePath, string text) => relativePath.Replace('\\', '/') switch
    {
        "Directory.Build.props" => Replace(relativePath, text, SourceProperty, $"<!-- The Ariadne SDK: package Ariadne {Version} from {FolderName}/ (nuget.config). -->" + LockedRestore),
        "src/Penguins.csproj" => Replace(relativePath, text, ProjectReference, "<PackageReference Include=\"Ariadne\" />"),
        "Directory.Packages.props" => Replace(relativePath, text, VersionsEnd, $"    <PackageVersion Include=\"Ariadne\" Version=\"{Version}\" />{Environment.NewLine}{VersionsEnd}"),
        _ => text,
    };

    private static string Replace(string relativePath, string text, string template, string replacement)
    {
        var at = text.IndexOf(template, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"The example's {relativePath} no longer contains '{template}', which 'ariadne quickstart' replaces to reference the SDK package.");
        }

        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + template.Length));
    }
}
