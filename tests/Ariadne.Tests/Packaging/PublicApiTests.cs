using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Ariadne.Tests.Support;
using CliWrap;
using CliWrap.Buffered;

namespace Ariadne.Tests.Packaging;

/// <summary>
/// The supported API of each package is what its PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt list. The analyzer
/// enforces that at build; these tests check the built assemblies themselves (so nothing slips out when the analyzer is
/// switched off or suppressed) and that the packages carry the XML docs an IDE shows.
/// </summary>
public sealed class PublicApiTests : IDisposable
{
    private static readonly string Checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Libraries => new()
    {
        { "src/Ariadne", "Ariadne.Core" },
        { "src/Ariadne.Postgres", "Ariadne.Postgres" },
        { "src/Ariadne.S3", "Ariadne.S3" },
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Exported_types_are_exactly_the_types_the_public_api_files_list(string project, string assemblyName)
    {
        // Given the types the project's PublicAPI files declare,
        var declared = DeclaredTypes(Path.Combine(Checkout, project));
        Assert.NotEmpty(declared);

        // when the assembly the tests were built against is asked what it exports,
        var exported = Assembly.Load(assemblyName).GetExportedTypes()
            .Select(t => t.FullName!.Replace('+', '.'))
            .ToHashSet(StringComparer.Ordinal);

        // then the two agree, and a difference names the types on each side.
        Assert.True(exported.SetEquals(declared), $"""
            Public but not in {project}/PublicAPI.*.txt: {string.Join(", ", exported.Except(declared).Order())}
            Listed there but not public: {string.Join(", ", declared.Except(exported).Order())}
            """);
    }

    [Fact]
    public void Sdk_public_api_keeps_the_engine_internal()
    {
        var exported = typeof(Ariadne.Tracking.TrackingClient).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();

        Assert.Contains("TrackingClient", exported);
        Assert.Contains("ActiveRun", exported);
        Assert.Contains("SealedTestSet", exported);
        Assert.Contains("ITrackingStore", exported);
        Assert.Contains("IObjectStore", exported);
        foreach (var engine in new[] { "PipelineRunner", "ObjectCache", "StatCache", "SqlDialect", "FilterExpression", "DataWorkspace", "SqliteStore", "HttpTrackingStore" })
        {
            Assert.DoesNotContain(engine, exported);
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Packed_library_carries_its_xml_docs_with_a_summary_for_every_public_type(string project, string assemblyName)
    {
        // Given the library packed from what the tests built,
        var feed = _temp.Combine("feed");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var pack = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["pack", project, "--no-build", "-c", configuration, "-o", feed, "-p:IncludeSymbols=false", "-nologo"])
            .WithWorkingDirectory(Checkout)
            .WithEnvironmentVariables(e => e.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);

        // when its lib folder is opened,
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{assemblyName}.dll");
        var docs = zip.Entries.SingleOrDefault(e => e.FullName == $"lib/net10.0/{assemblyName}.xml");
        Assert.True(docs is not null, "The package has no XML docs next to the assembly: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));

        // then the XML docs are the assembly's and hold a non-empty summary for every public type.
        using var stream = docs.Open();
        var xml = XDocument.Load(stream);
        Assert.Equal(assemblyName, xml.Root!.Element("assembly")!.Element("name")!.Value);
        var summaries = xml.Root.Element("members")!.Elements("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value))
            .Select(m => m.Attribute("name")!.Value)
            .ToHashSet(StringComparer.Ordinal);
        var undocumented = DeclaredTypes(Path.Combine(Checkout, project)).Where(t => !summaries.Contains("T:" + t)).Order().ToList();
        Assert.True(undocumented.Count == 0, "Public types without a summary: " + string.Join(", ", undocumented));
    }

    /// <summary>
    /// The type lines of PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt: a member line has a signature (<c>(</c>) or
    /// a type (<c>-&gt;</c>); a type line is the type's full name alone.
    /// </summary>
    private static HashSet<string> DeclaredTypes(string projectFolder) =>
        new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(projectFolder, file)))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.Contains('(') && !line.Contains("->", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
}
