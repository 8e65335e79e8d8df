using System.Text.Json;
using Ariadne.RunContext;
using Ariadne.Tracking;

namespace Ariadne.Processes;

/// <summary>
/// What <c>ariadne run</c> records so that <c>ariadne reproduce</c> can run the same command again: the exact argument
/// list (<see cref="ArgvTag"/>, JSON, so arguments with spaces survive), the metrics files it reads afterwards
/// (<see cref="MetricsFilesTag"/>), and for a Python program the interpreter's installed distributions.
/// </summary>
internal static class RecordedCommand
{
    public const string ArgvTag = "ariadne.run.argv";
    public const string MetricsFilesTag = "ariadne.run.metrics_files";
    public const string FolderTag = "ariadne.run.folder";

    /// <param name="argv">The program and its arguments.</param>
    /// <param name="metricsFiles">The metrics files as given on the command line (relative to <paramref name="folder"/>).</param>
    /// <param name="folder">The folder the command ran in, relative to the workspace root ("." for the root).</param>
    public static IReadOnlyDictionary<string, string> Tags(IReadOnlyList<string> argv, IReadOnlyList<string> metricsFiles, string folder)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [ArgvTag] = JsonArray(argv), [FolderTag] = folder.Replace('\\', '/') };
        if (metricsFiles.Count > 0)
        {
            tags[MetricsFilesTag] = JsonArray(metricsFiles);
        }

        return tags;
    }

    /// <summary>The recorded argument list; from the command tag split at spaces for runs recorded before the argv tag. Null when the run is no command's.</summary>
    public static IReadOnlyList<string>? Argv(Run run)
    {
        if (Tag(run, ArgvTag) is { } json && ReadArray(json) is { Count: > 0 } argv)
        {
            return argv;
        }

        return Tag(run, TrackedCommand.CommandTag) is { Length: > 0 } command ? command.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    /// <summary>The folder the command ran in, relative to the workspace root.</summary>
    public static string Folder(Run run) => Tag(run, FolderTag) ?? ".";

    public static IReadOnlyList<string> MetricsFiles(Run run) => Tag(run, MetricsFilesTag) is { } json ? ReadArray(json) ?? [] : [];

    /// <summary>Records the interpreter's distributions when <paramref name="program"/> is Python; quietly nothing when it cannot be asked.</summary>
    public static async Task LogPythonAsync(ActiveRun run, string program, string workingDirectory, CancellationToken cancellationToken)
    {
        if (!PythonEnvironment.IsPython(program) || await PythonEnvironment.CaptureAsync(program, workingDirectory).ConfigureAwait(false) is not { } python)
        {
            return;
        }

        await run.LogTextAsync(python.ToJson(), PythonEnvironment.ArtifactPath, cancellationToken).ConfigureAwait(false);
    }

    internal static string? Tag(Run run, string key) => run.Tags.Where(t => t.Key == key).Select(t => (string?)t.Value).FirstOrDefault();

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<string>? ReadArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
