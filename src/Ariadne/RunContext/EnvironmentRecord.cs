using System.Globalization;
using System.Text.Json;

namespace Ariadne.RunContext;

/// <summary>
/// An environment as recorded (a run's <c>environment.json</c> and <c>python-environment.json</c>) or as found on this
/// machine now: the parts that can change a result (runtime, SDK, OS, CPU, GPUs and driver, packages, pins, Python,
/// chosen variables). <c>env show</c>, <c>env diff</c>, <c>env export</c> and <c>reproduce</c> read it;
/// <see cref="EnvironmentComparison"/> compares two. A part that was not recorded is null (or empty), never guessed.
/// </summary>
internal sealed record EnvironmentRecord
{
    public string? Runtime { get; init; }

    public string? RuntimeIdentifier { get; init; }

    public string? Sdk { get; init; }

    public string? OS { get; init; }

    public string? Architecture { get; init; }

    public string? Cpu { get; init; }

    public int? LogicalCores { get; init; }

    public long? MemoryBytes { get; init; }

    public string? Host { get; init; }

    public string? GitCommit { get; init; }

    public bool GitDirty { get; init; }

    /// <summary>True when the recorded diff was cut short (too large), so it cannot rebuild the working tree.</summary>
    public bool GitDiffTruncated { get; init; }

    /// <summary>The repository's top-level folder as it was on the recording machine.</summary>
    public string? GitRoot { get; init; }

    /// <summary>The folder the environment was captured in (the workspace root) on the recording machine.</summary>
    public string? WorkingDirectory { get; init; }

    public IReadOnlyList<GpuDevice> Gpus { get; init; } = [];

    /// <summary>NuGet packages of the program that recorded it; null when unknown (the current machine does not run the recorded program).</summary>
    public IReadOnlyList<SoftwarePackage>? Packages { get; init; }

    public ToolchainPins Pins { get; init; } = ToolchainPins.None;

    public PythonEnvironment? Python { get; init; }

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The recorded variables that can change a result (thread counts, seeds, runtime knobs, locale): all but those that
    /// say where a run executed (a scheduler's job, a CI build) or are Ariadne's own. A reproduction sets them; a recipe bakes them in.
    /// </summary>
    public IReadOnlyDictionary<string, string> ResultVariables =>
        Variables.Where(v => !PlacePrefixes.Any(p => v.Key.StartsWith(p, StringComparison.Ordinal)) && v.Key != "CI").ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    private static readonly string[] PlacePrefixes = ["ARIADNE_", "SLURM_", "PBS_", "GITHUB_"];

    /// <summary>The .NET runtime's version number from <see cref="Runtime"/> (".NET 10.0.0" → "10.0.0"); null when there is none.</summary>
    public string? RuntimeVersion => Runtime?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(p => p.Length > 0 && char.IsAsciiDigit(p[0]));

    /// <summary>The record of a captured environment. <paramref name="withPackages"/>: false for the current machine, whose process is the Ariadne tool, not the recorded program.</summary>
    public static EnvironmentRecord From(RunEnvironment environment, PythonEnvironment? python, bool withPackages) => new()
    {
        Runtime = environment.RuntimeVersion,
        RuntimeIdentifier = environment.RuntimeIdentifier,
        Sdk = environment.SdkVersion,
        OS = environment.OSDescription,
        Architecture = environment.OSArchitecture,
        Cpu = environment.ProcessorName,
        LogicalCores = environment.LogicalCores,
        MemoryBytes = environment.TotalMemoryBytes,
        Host = environment.HostName,
        GitCommit = environment.Git?.Commit,
        GitDirty = environment.Git?.IsDirty ?? false,
        Gpus = environment.Gpus,
        Packages = withPackages ? environment.Packages : null,
        Pins = environment.Pins,
        Python = python,
        Variables = environment.EnvironmentVariables,
    };

    /// <summary>Reads an <c>environment.json</c> (any format version: fields it lacks stay unknown) and, when recorded, a <c>python-environment.json</c>.</summary>
    public static EnvironmentRecord Parse(string environmentJson, string? pythonJson)
    {
        try
        {
            using var document = JsonDocument.Parse(environmentJson);
            var root = document.RootElement;
            var git = Object(root, "git");
            var os = Object(root, "os");
            var runtime = Object(root, "runtime");
            var hardware = Object(root, "hardware");
            var pins = Object(root, "pins");
            return new EnvironmentRecord
            {
                Runtime = Text(runtime, "framework"),
                RuntimeIdentifier = Text(runtime, "runtimeIdentifier"),
                Sdk = Text(runtime, "sdk"),
                OS = Text(os, "description"),
                Architecture = Text(os, "architecture"),
                Cpu = Text(hardware, "cpu"),
                LogicalCores = hardware is { } h && h.TryGetProperty("logicalCores", out var cores) && cores.TryGetInt32(out var c) ? c : null,
                MemoryBytes = hardware is { } m && m.TryGetProperty("memoryBytes", out var memory) && memory.TryGetInt64(out var bytes) ? bytes : null,
                Host = Text(Object(root, "process"), "host"),
                GitCommit = Text(git, "commit"),
                GitDirty = git is { } g && g.TryGetProperty("dirty", out var dirty) && dirty.ValueKind == JsonValueKind.True,
                GitDiffTruncated = git is { } gt && gt.TryGetProperty("diffTruncated", out var truncated) && truncated.ValueKind == JsonValueKind.True,
                GitRoot = Text(git, "root"),
                WorkingDirectory = Text(Object(root, "process"), "workingDirectory"),
                Gpus = hardware is { } hw && hw.TryGetProperty("gpus", out var gpus) && gpus.ValueKind == JsonValueKind.Array
                    ? [.. gpus.EnumerateArray().Select(gpu => new GpuDevice(Text(gpu, "name") ?? "", gpu.TryGetProperty("memoryBytes", out var gm) && gm.TryGetInt64(out var gb) ? gb : null, Text(gpu, "driverVersion")))]
                    : [],
                Packages = root.TryGetProperty("packages", out var packages) ? ReadPackages(packages) : null,
                Pins = pins is { } p
                    ? new ToolchainPins(Text(p, "globalJson"), Text(p, "sdkVersion"), Text(p, "rollForward"),
                        p.TryGetProperty("lockFiles", out var locks) && locks.ValueKind == JsonValueKind.Array
                            ? [.. locks.EnumerateArray().Select(l => new LockFilePins(Text(l, "path") ?? "", l.TryGetProperty("packages", out var lp) ? ReadPackages(lp) : []))]
                            : [])
                    : ToolchainPins.None,
                Python = pythonJson is null ? null : PythonEnvironment.Parse(pythonJson),
                Variables = Object(root, "environmentVariables") is { } variables
                    ? variables.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String).ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal)
                    : new Dictionary<string, string>(),
            };
        }
        catch (JsonException e)
        {
            throw AriadneException.BadData("environment.json", "the whole file", $"not valid JSON ({e.Message}); it cannot be read back");
        }
    }

    /// <summary>The lines <c>env show</c> prints: (area, name, value).</summary>
    public IEnumerable<(string Area, string Name, string Value)> Describe()
    {
        IEnumerable<(string, string, string?)> Rows()
        {
            yield return ("runtime", ".NET", Runtime is null ? null : $"{Runtime} ({RuntimeIdentifier})");
            yield return ("runtime", "SDK", Sdk);
            yield return ("os", "system", OS is null ? null : $"{OS} ({Architecture})");
            yield return ("hardware", "cpu", Cpu is null ? null : $"{Cpu}, {LogicalCores?.ToString(CultureInfo.InvariantCulture) ?? "?"} logical cores");
            yield return ("hardware", "memory", MemoryBytes is { } memory ? $"{memory / (1024.0 * 1024 * 1024):0.0} GiB" : null);
            for (var i = 0; i < Gpus.Count; i++)
            {
                yield return ("hardware", $"gpu {i}", $"{Gpus[i].Name}, driver {Gpus[i].DriverVersion ?? "?"}");
            }

            yield return ("git", "commit", GitCommit is null ? null : GitCommit + (GitDirty ? " (uncommitted changes recorded)" : ""));
            yield return ("pins", "global.json", Pins.GlobalJson is null ? null : $"{Pins.GlobalJson}: SDK {Pins.SdkVersion ?? "(none)"}{(Pins.RollForward is null ? "" : $", rollForward {Pins.RollForward}")}");
            foreach (var lockFile in Pins.LockFiles)
            {
                yield return ("pins", lockFile.Path, $"{lockFile.Packages.Count} packages locked");
            }

            foreach (var package in Packages ?? [])
            {
                yield return ("nuget", package.Name, package.Version);
            }

            if (Python is { } python)
            {
                yield return ("python", "interpreter", $"{python.Version} ({python.Executable})");
                foreach (var package in python.Packages)
                {
                    yield return ("python package", package.Name, package.Version);
                }
            }

            foreach (var (name, value) in Variables)
            {
                yield return ("variable", name, value);
            }
        }

        return Rows().Where(r => r.Item3 is not null).Select(r => (r.Item1, r.Item2, r.Item3!));
    }

    private static List<SoftwarePackage> ReadPackages(JsonElement array) =>
        array.ValueKind != JsonValueKind.Array ? [] : [.. array.EnumerateArray().Select(p => new SoftwarePackage(Text(p, "name") ?? "", Text(p, "version") ?? "")).Where(p => p.Name.Length > 0)];

    private static JsonElement? Object(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
