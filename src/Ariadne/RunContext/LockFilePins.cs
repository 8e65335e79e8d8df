using System.Text.Json;

namespace Ariadne.RunContext;

/// <summary>One NuGet lock file: its path (relative to the run's working folder) and the packages it resolves, per target framework merged.</summary>
internal sealed record LockFilePins(string Path, IReadOnlyList<SoftwarePackage> Packages)
{
    /// <summary>Reads <c>packages.lock.json</c> (format 1 or 2); null when it is not one.</summary>
    public static LockFilePins? TryRead(string file, string relativePath)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("dependencies", out var frameworks) || frameworks.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var packages = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var framework in frameworks.EnumerateObject())
            {
                foreach (var package in framework.Value.EnumerateObject())
                {
                    // Project references have no resolved version: the project's own sources are in git.
                    if (package.Value.TryGetProperty("resolved", out var resolved) && resolved.ValueKind == JsonValueKind.String)
                    {
                        packages[package.Name] = resolved.GetString()!;
                    }
                }
            }

            return new LockFilePins(relativePath, [.. packages.Select(p => new SoftwarePackage(p.Key, p.Value))]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
