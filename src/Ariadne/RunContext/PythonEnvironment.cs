using System.Text.Json;
using Ariadne.Processes;

namespace Ariadne.RunContext;

/// <summary>
/// The Python interpreter a command ran with and the distributions installed for it (name and version, as
/// <c>importlib.metadata</c> lists them, so it works without pip). Recorded by <c>ariadne run</c> when the command's
/// program is a Python interpreter, as the run's <see cref="ArtifactPath"/> artifact.
/// </summary>
internal sealed record PythonEnvironment(string Executable, string Version, IReadOnlyList<SoftwarePackage> Packages)
{
    /// <summary>The artifact that holds it, beside <c>environment.json</c>.</summary>
    public const string ArtifactPath = "python-environment.json";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // importlib.metadata is in the standard library from Python 3.8: no pip needed. One line per distribution, sorted.
    private const string Script =
        "import sys, json, importlib.metadata as m\n" +
        "seen = {}\n" +
        "for d in m.distributions():\n" +
        "    name = d.metadata['Name']\n" +
        "    if name and name.lower() not in seen: seen[name.lower()] = [name, d.version]\n" +
        "print(json.dumps({'executable': sys.executable, 'version': sys.version.split()[0], 'packages': sorted(seen.values(), key=lambda p: p[0].lower())}))\n";

    /// <summary>True when <paramref name="program"/> (a command's first word) names a Python interpreter: <c>python</c>, <c>python3</c>, <c>python3.12</c>, a path to one.</summary>
    public static bool IsPython(string program)
    {
        var name = Path.GetFileNameWithoutExtension(program);
        return name.StartsWith("python", StringComparison.OrdinalIgnoreCase) && name[6..].All(c => char.IsAsciiDigit(c) || c == '.');
    }

    /// <summary>Asks <paramref name="program"/> for its version and distributions; null when it cannot be run or answers nonsense.</summary>
    public static async Task<PythonEnvironment?> CaptureAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var output = await ToolProcess.RunAsync(new ProcessCommand(program, ["-c", Script])
        {
            WorkingDirectory = workingDirectory,
            Environment = environment ?? new Dictionary<string, string?>(),
            Timeout = Timeout,
        }).ConfigureAwait(false);
        return output is { } text ? Parse(text.Text) : null;
    }

    public static PythonEnvironment? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var packages = root.GetProperty("packages").EnumerateArray()
                .Select(p => new SoftwarePackage(p[0].GetString() ?? "", p[1].GetString() ?? ""))
                .Where(p => p.Name.Length > 0)
                .ToList();
            return new PythonEnvironment(root.GetProperty("executable").GetString() ?? "", root.GetProperty("version").GetString() ?? "", packages);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("executable", Executable);
            json.WriteString("version", Version);
            json.WriteStartArray("packages");
            foreach (var package in Packages)
            {
                json.WriteStartArray();
                json.WriteStringValue(package.Name);
                json.WriteStringValue(package.Version);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
