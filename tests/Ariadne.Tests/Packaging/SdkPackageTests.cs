using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Packaging;

/// <summary>
/// The SDK as a NuGet package, used the way a researcher would: packed into a local feed, referenced by a fresh console
/// project outside this checkout (nothing but the package), built and run, logging a run to a SQLite tracking URI and,
/// with nothing but ARIADNE_TRACKING_URI and ARIADNE_TRACKING_TOKEN set, to a running <c>ariadne server</c>.
/// The version is unique per test, so NuGet's global cache can never hand back an older copy.
/// </summary>
public sealed class SdkPackageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sdk_package_from_a_local_feed_builds_into_a_fresh_project_that_logs_a_run_to_sqlite_and_to_a_server()
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

            // The tracking URI given, else ARIADNE_TRACKING_URI (and its token), as any training program does.
            await using var tracking = TrackingClient.Open(trackingUri: args.Length > 0 ? args[0] : null);
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

        await using (var client = TrackingClient.Open(trackingUri: uri))
        {
            await AssertLoggedAsync(client.Store, run.Output);
        }

        // And with a tracking server: a workspace's 'ariadne server' that takes only a writer token,
        var workspace = _temp.Combine("workspace");
        Directory.CreateDirectory(workspace);
        Assert.Equal(0, CliRunner.Run(workspace, "init").ExitCode);
        var created = CliRunner.Run(workspace, "server", "token", "create", "--role", "writer");
        Assert.True(created.ExitCode == 0, created.Error);
        var token = created.Out.Trim();
        using var server = Process.Start(CliRunner.ProcessStart(workspace, "server", "--port", "0"))!;
        try
        {
            string? address = null;
            while (address is null && await server.StandardOutput.ReadLineAsync() is { } line)
            {
                address = Regex.Match(line, @"http://127\.0\.0\.1:\d+") is { Success: true } match ? match.Value : null;
            }

            Assert.NotNull(address);

            // the same program, with only the environment pointing it there, logs its run to the server,
            var spool = _temp.Combine("spool");
            var overHttp = await DotnetAsync(app, new Dictionary<string, string>
            {
                ["ARIADNE_TRACKING_URI"] = address,
                ["ARIADNE_TRACKING_TOKEN"] = token,
                ["ARIADNE_SPOOL_DIR"] = spool,
            }, Path.Combine(app, "out", "App.dll"));
            Assert.True(overHttp.ExitCode == 0, overHttp.Output);

            // and the server has it (nothing waits in the spool).
            await using var fromServer = HttpTrackingStore.Open(address, token, _temp.Combine("reader-spool"));
            await AssertLoggedAsync(fromServer, overHttp.Output);
            Assert.False(Directory.Exists(spool) && Directory.EnumerateFiles(spool, "*.jsonl", SearchOption.AllDirectories).Any());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>The store holds the one run the packaged program logged: its name, param and three loss points.</summary>
    private static async Task AssertLoggedAsync(ITrackingStore store, string programOutput)
    {
        var experiment = await store.GetExperimentByNameAsync("packaged", default);
        Assert.NotNull(experiment);
        var runs = new List<Run>();
        await foreach (var found in store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(found);
        }

        var logged = Assert.Single(runs);
        Assert.Contains(logged.Info.RunId, programOutput, StringComparison.Ordinal);
        Assert.Equal("from-the-package", logged.Info.RunName);
        Assert.Contains(logged.Params, p => p.Key == "source" && p.Value == "nuget");
        Assert.Equal([1.0, 0.5, 1.0 / 3], (await store.GetMetricHistoryAsync(logged.Info.RunId, "loss", default)).OrderBy(m => m.Step).Select(m => m.Value));
    }

    internal static Task<(int ExitCode, string Output)> DotnetAsync(string folder, params string[] args) =>
        DotnetAsync(folder, new Dictionary<string, string>(), args);

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string folder, Dictionary<string, string> environment, params string[] args)
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
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }
}
