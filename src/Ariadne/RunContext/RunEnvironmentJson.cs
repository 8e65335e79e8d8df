using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ariadne.RunContext;

/// <summary>
/// Writes <c>environment.json</c> with <see cref="Utf8JsonWriter"/> (no reflection, so the Native AOT CLI can write it).
/// The git diff itself is not in the document; it is stored beside it as <c>git.diff</c>.
/// </summary>
internal static class RunEnvironmentJson
{
    /// <summary>Bumped when a field changes meaning or is removed; new fields do not bump it.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // A file, not HTML: keep non-ASCII names, '+' in versions and quotes in command lines readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(RunEnvironment environment, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("capturedAt", environment.CapturedAt);

        WriteGit(json, environment.Git);

        json.WriteStartObject("process");
        json.WriteStartArray("commandLine");
        foreach (var arg in environment.CommandLine)
        {
            json.WriteStringValue(arg);
        }

        json.WriteEndArray();
        json.WriteString("workingDirectory", environment.WorkingDirectory);
        json.WriteString("user", environment.UserName);
        json.WriteString("host", environment.HostName);
        json.WriteEndObject();

        json.WriteStartObject("os");
        json.WriteString("description", environment.OSDescription);
        json.WriteString("version", environment.OSVersion);
        json.WriteString("architecture", environment.OSArchitecture);
        json.WriteEndObject();

        json.WriteStartObject("runtime");
        json.WriteString("framework", environment.RuntimeVersion);
        json.WriteString("runtimeIdentifier", environment.RuntimeIdentifier);
        json.WriteString("processArchitecture", environment.ProcessArchitecture);
        json.WriteString("sdk", environment.SdkVersion);
        json.WriteEndObject();

        WritePins(json, environment.Pins);

        json.WriteStartObject("hardware");
        json.WriteString("cpu", environment.ProcessorName);
        json.WriteNumber("logicalCores", environment.LogicalCores);
        json.WriteNumber("memoryBytes", environment.TotalMemoryBytes);
        json.WriteNumber("memoryLimitBytes", environment.MemoryLimitBytes);
        json.WriteStartArray("gpus");
        foreach (var gpu in environment.Gpus)
        {
            json.WriteStartObject();
            json.WriteString("name", gpu.Name);
            WriteNumberOrNull(json, "memoryBytes", gpu.MemoryBytes);
            json.WriteString("driverVersion", gpu.DriverVersion);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("environmentVariables");
        foreach (var (name, value) in environment.EnvironmentVariables)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();

        json.WriteString("packagesSource", environment.PackagesSource);
        WritePackages(json, "packages", environment.Packages);
        WritePackages(json, "assemblies", environment.Assemblies);
        json.WriteEndObject();
    }

    private static void WritePins(Utf8JsonWriter json, ToolchainPins pins)
    {
        json.WriteStartObject("pins");
        json.WriteString("globalJson", pins.GlobalJson);
        json.WriteString("sdkVersion", pins.SdkVersion);
        json.WriteString("rollForward", pins.RollForward);
        json.WriteStartArray("lockFiles");
        foreach (var lockFile in pins.LockFiles)
        {
            json.WriteStartObject();
            json.WriteString("path", lockFile.Path);
            WritePackages(json, "packages", lockFile.Packages);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteGit(Utf8JsonWriter json, GitState? git)
    {
        if (git is null)
        {
            json.WriteNull("git");
            return;
        }

        json.WriteStartObject("git");
        json.WriteString("root", git.Root);
        json.WriteString("commit", git.Commit);
        json.WriteString("branch", git.Branch);
        json.WriteBoolean("detached", git.IsDetached);
        json.WriteString("remoteName", git.RemoteName);
        json.WriteString("remoteUrl", git.RemoteUrl);
        json.WriteBoolean("dirty", git.IsDirty);
        WriteNumberOrNull(json, "diffLength", git.Diff?.Length);
        json.WriteBoolean("diffTruncated", git.DiffTruncated);
        json.WriteNumber("untrackedCount", git.UntrackedCount);
        json.WriteStartArray("untracked");
        foreach (var path in git.UntrackedFiles)
        {
            json.WriteStringValue(path);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePackages(Utf8JsonWriter json, string name, IReadOnlyList<SoftwarePackage> packages)
    {
        json.WriteStartArray(name);
        foreach (var package in packages)
        {
            json.WriteStartObject();
            json.WriteString("name", package.Name);
            json.WriteString("version", package.Version);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
