using System.Reflection;
using System.Text.Json;

namespace Ariadne.RunContext;

/// <summary>
/// The software a run loaded: every non-dynamic assembly in the process, and the NuGet packages the program was
/// built against, read from its <c>.deps.json</c>. A Native AOT program has no deps.json; there the loaded
/// assemblies stand in for packages.
/// </summary>
internal static class PackageProbe
{
    public const string DepsJsonSource = "deps.json";
    public const string AssembliesSource = "assemblies";

    public static IReadOnlyList<SoftwarePackage> LoadedAssemblies()
    {
        var result = new Dictionary<string, SoftwarePackage>(StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            AssemblyName name;
            try
            {
                name = assembly.GetName();
            }
            catch (System.Globalization.CultureNotFoundException)
            {
                // Satellite resource assemblies (System.CommandLine's "cs", "de", ...) name a culture that
                // InvariantGlobalization cannot create; they are translations, not packages.
                continue;
            }

            if (string.IsNullOrEmpty(name.Name))
            {
                continue;
            }

            result.TryAdd(name.Name, new SoftwarePackage(name.Name, VersionOf(assembly, name)));
        }

        return [.. result.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    private static string VersionOf(Assembly assembly, AssemblyName name)
    {
        // The informational version is the package version ("2.9.3+abc123"); the assembly version is often just "2.0.0.0".
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return !string.IsNullOrWhiteSpace(informational) ? informational : name.Version?.ToString() ?? "";
    }

    /// <summary>Packages from the application's deps.json, and which source they came from.</summary>
    public static (IReadOnlyList<SoftwarePackage> Packages, string Source) Packages(IReadOnlyList<SoftwarePackage> loadedAssemblies)
    {
        var depsFile = FindDepsFile();
        if (depsFile is not null)
        {
            var packages = ReadDepsFile(depsFile);
            if (packages is not null)
            {
                return (packages, DepsJsonSource);
            }
        }

        return (loadedAssemblies, AssembliesSource);
    }

    private static string? FindDepsFile()
    {
        // The host lists the app's deps.json first, then the frameworks' ones.
        if (AppContext.GetData("APP_CONTEXT_DEPS_FILES") is string list)
        {
            var first = list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is not null && File.Exists(first))
            {
                return first;
            }
        }

        var entry = Assembly.GetEntryAssembly()?.GetName().Name;
        if (entry is null)
        {
            return null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, entry + ".deps.json");
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>Libraries of type "package" in a deps.json file, sorted by name; null when the file cannot be read.</summary>
    internal static IReadOnlyList<SoftwarePackage>? ReadDepsFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var packages = new List<SoftwarePackage>();
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.ValueKind != JsonValueKind.Object
                    || !library.Value.TryGetProperty("type", out var type)
                    || type.ValueKind != JsonValueKind.String
                    || type.GetString() != "package")
                {
                    continue;
                }

                var slash = library.Name.LastIndexOf('/');
                packages.Add(slash < 0
                    ? new SoftwarePackage(library.Name, "")
                    : new SoftwarePackage(library.Name[..slash], library.Name[(slash + 1)..]));
            }

            return [.. packages.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version, StringComparer.Ordinal)];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
