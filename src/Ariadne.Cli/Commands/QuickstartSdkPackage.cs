namespace Ariadne.Cli.Commands;

/// <summary>
/// The Ariadne SDK and its ML.NET autologging as the NuGet packages this tool was built with (embedded as
/// <c>sdk/Ariadne/VERSION.nupkg</c> and <c>sdk/Ariadne.MLNet/VERSION.nupkg</c>, one version for both), for the project
/// <c>ariadne quickstart</c> creates: the packages go into the project's <c>packages/</c> folder, a <c>nuget.config</c>
/// names that folder as a source by relative path, and the trainer references packages Ariadne and Ariadne.MLNet
/// instead of the example's project references into an Ariadne checkout. The project builds wherever it is copied.
/// </summary>
internal sealed class QuickstartSdkPackage
{
    /// <summary>The project's folder of local packages, relative to its root.</summary>
    public const string FolderName = "packages";

    /// <summary>The packages, by id: the SDK, and ML.NET autologging (which depends on the SDK at the same version).</summary>
    public static readonly IReadOnlyList<string> PackageIds = ["Ariadne", "Ariadne.MLNet"];

    private const string ResourceFolder = "sdk/";
    private const string ResourceSuffix = ".nupkg";
    private const string SourceProperty = "<AriadneSource>$(MSBuildThisFileDirectory)../../src</AriadneSource>";
    private const string VersionsEnd = "  </ItemGroup>";

    /// <summary>
    /// The project's packages are pinned: restore writes src/packages.lock.json (quickstart restores once before the
    /// first commit) and, once it exists, restores in locked mode, failing instead of resolving other versions.
    /// </summary>
    private const string LockedRestore = """

            <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
            <RestoreLockedMode Condition="Exists('$(MSBuildProjectDirectory)/packages.lock.json')">true</RestoreLockedMode>
        """;

    private QuickstartSdkPackage(string version) => Version = version;

    /// <summary>The packages' version, e.g. <c>0.1.0-embedded.617a30853c2a</c>.</summary>
    public string Version { get; }

    /// <summary>The file name of package <paramref name="id"/> in <c>packages/</c>, e.g. <c>Ariadne.MLNet.0.1.0-embedded.617a30853c2a.nupkg</c>.</summary>
    public string FileName(string id) => $"{id}.{Version}{ResourceSuffix}";

    /// <summary>
    /// The packages embedded in this build of the tool. Each is found by its exact id (the resource's folder), so
    /// <c>Ariadne</c> never matches <c>Ariadne.MLNet</c>'s resource.
    /// </summary>
    public static QuickstartSdkPackage Embedded()
    {
        var names = typeof(QuickstartSdkPackage).Assembly.GetManifestResourceNames();
        var versions = PackageIds.Select(id => names
                .Where(n => n.StartsWith(ResourceFolder + id + "/", StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
                .Select(n => n[(ResourceFolder.Length + id.Length + 1)..^ResourceSuffix.Length])
                .SingleOrDefault()
                ?? throw new InvalidOperationException($"The {id} package is missing from this build of ariadne (see EmbedSdkPackage in Ariadne.Cli.csproj)."))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return versions.Count == 1
            ? new QuickstartSdkPackage(versions[0])
            : throw new InvalidOperationException($"The packages embedded in this build of ariadne have different versions ({string.Join(", ", versions)}); rebuild it (see EmbedSdkPackage in Ariadne.Cli.csproj).");
    }

    /// <summary>Writes the packages into <c>packages/</c> and a <c>nuget.config</c> naming it, unless they are there.</summary>
    public async Task WriteAsync(string root, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, FolderName);
        Directory.CreateDirectory(folder);
        foreach (var id in PackageIds)
        {
            var target = Path.Combine(folder, FileName(id));
            if (!File.Exists(target))
            {
                await using var resource = typeof(QuickstartSdkPackage).Assembly.GetManifestResourceStream($"{ResourceFolder}{id}/{Version}{ResourceSuffix}")!;
                await using var file = File.Create(target);
                await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        var config = Path.Combine(root, "nuget.config");
        if (!File.Exists(config))
        {
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <!-- Written by 'ariadne quickstart': the Ariadne packages come from {FolderName}/ (a path relative to this file). -->
                <configuration>
                  <packageSources>
                    <add key="ariadne-local" value="{FolderName}" />
                  </packageSources>
                </configuration>

                """, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The example's build files with the SDK and autologging as these packages instead of projects in a checkout;
    /// other files unchanged.
    /// </summary>
    public string Adapt(string relativePath, string text) => relativePath.Replace('\\', '/') switch
    {
        "Directory.Build.props" => Replace(relativePath, text, SourceProperty, $"<!-- The Ariadne SDK and ML.NET autologging: packages Ariadne and Ariadne.MLNet {Version} from {FolderName}/ (nuget.config). -->" + LockedRestore),
        "src/Penguins.csproj" => PackageIds.Aggregate(text, (adapted, id) => Replace(relativePath, adapted, $"<ProjectReference Include=\"$(AriadneSource)/{id}/{id}.csproj\" />", $"<PackageReference Include=\"{id}\" />")),
        "Directory.Packages.props" => Replace(relativePath, text, VersionsEnd, string.Concat(PackageIds.Select(id => $"    <PackageVersion Include=\"{id}\" Version=\"{Version}\" />{Environment.NewLine}")) + VersionsEnd),
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
