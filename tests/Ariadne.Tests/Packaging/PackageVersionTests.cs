using System.Text.RegularExpressions;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Packaging;

/// <summary>
/// A pack from changed sources gets a version of its own (<c>0.1.0-dev.&lt;hash of the sources&gt;</c>), so a consumer
/// never restores a stale package from NuGet's global cache; the same sources pack as the same version. Checked on a
/// small project under a copy of this repository's Directory.Build.props, so no real source is touched.
/// </summary>
public sealed partial class PackageVersionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Packing_again_after_a_source_changed_gives_another_version_and_unchanged_sources_the_same()
    {
        var checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var root = _temp.Combine("repo");
        var project = Path.Combine(root, "src", "Demo");
        Directory.CreateDirectory(project);
        File.Copy(Path.Combine(checkout, "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        File.Copy(Path.Combine(checkout, "global.json"), Path.Combine(root, "global.json"));
        File.WriteAllText(Path.Combine(project, "Demo.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <IsPackable>true</IsPackable>
                <Description>A package for the version test.</Description>
              </PropertyGroup>
            </Project>
            """);
        var source = Path.Combine(project, "Greeting.cs");
        File.WriteAllText(source, "namespace Demo;\n\n/// <summary>Hello.</summary>\npublic static class Greeting\n{\n    /// <summary>The text.</summary>\n    public const string Text = \"hello\";\n}\n");

        var first = await PackAsync(root, "first");
        var again = await PackAsync(root, "again", "--no-build");
        File.WriteAllText(source, File.ReadAllText(source).Replace("hello", "hello again", StringComparison.Ordinal));
        var changed = await PackAsync(root, "changed");

        Assert.Matches(DevVersion(), first);
        Assert.Matches(DevVersion(), changed);
        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    private async Task<string> PackAsync(string root, string name, params string[] extra)
    {
        var feed = _temp.Combine("feed-" + name);
        var pack = await SdkPackageTests.DotnetAsync(root, ["pack", "src/Demo/Demo.csproj", "-o", feed, "-nologo", "-p:EnableSourceLink=false", "-p:EnableSourceControlManagerQueries=false", .. extra]);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var package = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(feed, "Demo.*.nupkg")));
        return package["Demo.".Length..];
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+-dev\.[0-9a-f]{12}$")]
    private static partial Regex DevVersion();
}
