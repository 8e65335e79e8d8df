using System.Diagnostics;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Examples;

/// <summary>
/// The project 'ariadne quickstart' creates references the Ariadne SDK as a NuGet package it carries in packages/
/// (named by its nuget.config), not as a project in this checkout: copied to another folder, it still builds.
/// </summary>
[Trait("Service", "Chromium")] // its collection starts the web UI fixture (Chromium)
[Collection(Ui.UiCollection.Name)] // builds the penguins trainer like QuickstartTests: never both at once
public sealed class QuickstartPackageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Quickstart_project_references_the_sdk_package_it_carries_and_builds_after_being_moved()
    {
        // Given a quickstart project (its pipeline built the trainer from the package).
        var created = CliRunner.Run(_temp.Path, "quickstart", "demo");
        Assert.True(created.ExitCode == 0, created.Out + created.Error);
        var root = _temp.Combine("demo");

        // Then nothing in it points into this checkout, and the package it references is inside it.
        var checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "src/Penguins.csproj" })
        {
            var text = File.ReadAllText(Path.Combine(root, file));
            Assert.DoesNotContain(checkout, text, StringComparison.Ordinal);
            Assert.DoesNotContain("<AriadneSource>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("$(AriadneSource)", text, StringComparison.Ordinal);
        }

        // The SDK and its ML.NET autologging, one version for both (the MLNet package depends on exactly that SDK).
        var project = File.ReadAllText(Path.Combine(root, "src", "Penguins.csproj"));
        Assert.Contains("<PackageReference Include=\"Ariadne\" />", project, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"Ariadne.MLNet\" />", project, StringComparison.Ordinal);
        var packages = Directory.GetFiles(Path.Combine(root, "packages"), "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, packages.Count);
        var version = packages[0]!["Ariadne.".Length..^".nupkg".Length];
        Assert.Equal([$"Ariadne.{version}.nupkg", $"Ariadne.MLNet.{version}.nupkg"], packages);
        var versions = File.ReadAllText(Path.Combine(root, "Directory.Packages.props"));
        Assert.Contains($"<PackageVersion Include=\"Ariadne\" Version=\"{version}\" />", versions, StringComparison.Ordinal);
        Assert.Contains($"<PackageVersion Include=\"Ariadne.MLNet\" Version=\"{version}\" />", versions, StringComparison.Ordinal);

        // When the project is moved elsewhere (its build outputs left behind) and the original deleted,
        var moved = _temp.Combine("elsewhere", "penguins");
        CopySources(root, moved);
        Directory.Delete(root, recursive: true);

        // then its trainer still builds, with ARIADNE_SOURCE pointing nowhere.
        var build = new ProcessStartInfo("dotnet", "build src/Penguins.csproj -c Release -o bin -nologo -v quiet --disable-build-servers")
        {
            WorkingDirectory = moved,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        build.Environment["ARIADNE_SOURCE"] = _temp.Combine("no-such-checkout");
        build.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(build)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await error);
        Assert.True(File.Exists(Path.Combine(moved, "bin", "Penguins.dll")));
        Assert.True(File.Exists(Path.Combine(moved, "bin", "Ariadne.Core.dll")));
        Assert.True(File.Exists(Path.Combine(moved, "bin", "Ariadne.MLNet.dll")));
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is ".build" or "bin" or ".git" or ".ariadne")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
