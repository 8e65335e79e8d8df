using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Packaging;

/// <summary>
/// The SDK as a NuGet package, used the way a researcher would: packed into a local feed, referenced by a fresh console
/// project outside this checkout (nothing but the package), built and run, logging a run to a SQLite tracking URI.
/// The version is unique per test, so NuGet's global cache can never hand back an older copy.
/// </summary>
public sealed class SdkPackageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sdk_package_from_a_local_feed_builds_into_a_fresh_project_that_logs_a_run_to_sqlite()
    {
        // Given the SDK packed into a feed folder with a version never used before.
        var version = "0.0.0-test." + Guid.NewGuid().ToString("N")[..12];
        var feed = _temp.Combine("feed");
        var checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0: the SDK these tests built
        var pack = await DotnetAsync(checkout, "pack", "src/Ariadne/Ariadne.csproj", "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={version}", "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);

        // Then the package and its symbols are there, with the metadata a feed shows.
        var package = Path.Combine(feed, $"Ariadne.{version}.nupkg");
        Assert.True(File.Exists(package), string.Join(", ", Directory.GetFiles(feed)));
        Assert.True(File.Exists(Path.Combine(feed, $"Ariadne.{version}.snupkg")));
        using (var zip = ZipFile.OpenRead(package))
        {
            using var nuspecStream = zip.Entries.Single(e => e.FullName == "Ariadne.nuspec").Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("Ariadne", Field("id"));
            Assert.Equal(version, Field("version"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")));
            Assert.False(string.IsNullOrWhiteSpace(Field("authors")));
            Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Ariadne.Core.dll");
        }

        // When a fresh console project outside the checkout references only that package from the feed,
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="ariadne-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ariadne" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Ariadne.Tracking;

            await using var tracking = TrackingClient.Open(trackingUri: args[0]);
            await using var run = await tracking.StartRunAsync(experiment: "packaged", name: "from-the-package");
            await run.LogParamAsync("source", "nuget");
            for (var step = 0; step < 3; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1), step);
            }

            Console.WriteLine(run.RunId);
            """);
        var build = await DotnetAsync(app, "build", "-c", "Release", "-o", "out", "-nologo", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.Output);

        // then it runs and logs a run to a SQLite tracking URI.
        var database = _temp.Combine("tracking.db");
        var uri = "sqlite:///" + database.TrimStart('/');
        var run = await DotnetAsync(app, Path.Combine(app, "out", "App.dll"), uri);
        Assert.True(run.ExitCode == 0, run.Output);

        await using var client = TrackingClient.Open(trackingUri: uri);
        var experiment = await client.Store.GetExperimentByNameAsync("packaged", default);
        Assert.NotNull(experiment);
        var runs = new List<Run>();
        await foreach (var found in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(found);
        }

        var logged = Assert.Single(runs);
        Assert.Equal("from-the-package", logged.Info.RunName);
        Assert.Contains(logged.Params, p => p.Key == "source" && p.Value == "nuget");
        Assert.Equal(3, (await client.Store.GetMetricHistoryAsync(logged.Info.RunId, "loss", default)).Count);
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }
}
