using System.Text.Json;

namespace Ariadne.RunContext;

/// <summary>
/// The toolchain and package pins of the project a run executed in: the .NET SDK that <c>global.json</c> asks for, and
/// every NuGet lock file (<c>packages.lock.json</c>) with the package versions it resolves. A project restored in
/// locked mode builds with exactly these versions, so they are what a rebuild of the environment must use.
/// </summary>
internal sealed record ToolchainPins(string? GlobalJson, string? SdkVersion, string? RollForward, IReadOnlyList<LockFilePins> LockFiles)
{
    /// <summary>The lock file NuGet writes next to a project restored with <c>RestorePackagesWithLockFile</c>.</summary>
    public const string LockFileName = "packages.lock.json";

    private const int MaxDepth = 4;

    public static ToolchainPins None { get; } = new(null, null, null, []);

    /// <summary>
    /// Reads the pins of <paramref name="workingDirectory"/>: the nearest <c>global.json</c> at or above it (not above
    /// <paramref name="stopAt"/>, the repository root, when given), and the lock files at most four folders below it
    /// (hidden folders, bin, obj and node_modules skipped). Paths are relative to <paramref name="workingDirectory"/>.
    /// Unreadable files are left out; this never throws.
    /// </summary>
    public static ToolchainPins Read(string workingDirectory, string? stopAt = null)
    {
        var (globalJson, sdk, rollForward) = FindGlobalJson(workingDirectory, stopAt);
        var locks = new List<LockFilePins>();
        FindLockFiles(workingDirectory, workingDirectory, 0, locks);
        return new ToolchainPins(globalJson, sdk, rollForward, [.. locks.OrderBy(l => l.Path, StringComparer.Ordinal)]);
    }

    private static (string? Path, string? Sdk, string? RollForward) FindGlobalJson(string start, string? stopAt)
    {
        var stop = stopAt is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(stopAt));
        for (var folder = Path.GetFullPath(start); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var file = Path.Combine(folder, "global.json");
            if (File.Exists(file))
            {
                try
                {
                    using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                    var sdk = json.RootElement.TryGetProperty("sdk", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
                    return (Path.GetRelativePath(start, file).Replace('\\', '/'), Text(sdk, "version"), Text(sdk, "rollForward"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
                {
                    return (Path.GetRelativePath(start, file).Replace('\\', '/'), null, null);
                }
            }

            if (stop is not null && string.Equals(Path.TrimEndingDirectorySeparator(folder), stop, StringComparison.Ordinal))
            {
                break;
            }
        }

        return (null, null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void FindLockFiles(string root, string folder, int depth, List<LockFilePins> found)
    {
        try
        {
            var file = Path.Combine(folder, LockFileName);
            if (File.Exists(file) && LockFilePins.TryRead(file, Path.GetRelativePath(root, file).Replace('\\', '/')) is { } pins)
            {
                found.Add(pins);
            }

            if (depth >= MaxDepth)
            {
                return;
            }

            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (name.StartsWith('.') || name is "bin" or "obj" or "node_modules" || new DirectoryInfo(child).LinkTarget is not null)
                {
                    continue;
                }

                FindLockFiles(root, child, depth + 1, found);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
