using System.Globalization;

namespace Ariadne.RunContext;

/// <summary>
/// Compares two <see cref="EnvironmentRecord"/>s part by part. The one comparison <c>env diff</c>, <c>reproduce</c>
/// and the model card use. A part unknown on either side (not recorded, or not knowable on this machine, such as the
/// recorded program's NuGet packages) is not compared.
/// </summary>
internal static class EnvironmentComparison
{
    public static IReadOnlyList<EnvironmentDifference> Compare(EnvironmentRecord left, EnvironmentRecord right)
    {
        var differences = new List<EnvironmentDifference>();
        void Value(string area, string name, string? a, string? b)
        {
            if (a is not null && b is not null && !string.Equals(a, b, StringComparison.Ordinal))
            {
                differences.Add(new EnvironmentDifference(area, name, a, b));
            }
        }

        Value("runtime", ".NET", left.Runtime, right.Runtime);
        Value("runtime", "runtime identifier", left.RuntimeIdentifier, right.RuntimeIdentifier);
        Value("sdk", ".NET SDK", left.Sdk, right.Sdk);
        Value("os", "system", left.OS, right.OS);
        Value("os", "architecture", left.Architecture, right.Architecture);
        Value("cpu", "processor", left.Cpu, right.Cpu);
        Value("cpu", "logical cores", left.LogicalCores?.ToString(CultureInfo.InvariantCulture), right.LogicalCores?.ToString(CultureInfo.InvariantCulture));
        Value("host", "name", left.Host, right.Host);
        Value("memory", "bytes", left.MemoryBytes?.ToString(CultureInfo.InvariantCulture), right.MemoryBytes?.ToString(CultureInfo.InvariantCulture));

        var gpus = Math.Max(left.Gpus.Count, right.Gpus.Count);
        for (var i = 0; i < gpus; i++)
        {
            var a = i < left.Gpus.Count ? left.Gpus[i] : null;
            var b = i < right.Gpus.Count ? right.Gpus[i] : null;
            if (a?.Name != b?.Name)
            {
                differences.Add(new EnvironmentDifference("gpu", $"gpu {i}", a?.Name, b?.Name));
            }
            else if (a is not null && b is not null)
            {
                Value("driver", $"gpu {i}", a.DriverVersion, b.DriverVersion);
            }
        }

        Value("pin", "global.json SDK", left.Pins.SdkVersion, right.Pins.SdkVersion);
        var leftLocks = left.Pins.LockFiles.ToDictionary(l => l.Path, StringComparer.Ordinal);
        var rightLocks = right.Pins.LockFiles.ToDictionary(l => l.Path, StringComparer.Ordinal);
        foreach (var path in leftLocks.Keys.Union(rightLocks.Keys).Order(StringComparer.Ordinal))
        {
            var a = leftLocks.GetValueOrDefault(path);
            var b = rightLocks.GetValueOrDefault(path);
            if (a is not null && b is not null)
            {
                Packages(differences, $"pin {path}", a.Packages, b.Packages);
            }
            else
            {
                differences.Add(new EnvironmentDifference("pin", path, a is null ? null : "present", b is null ? null : "present"));
            }
        }

        if (left.Packages is { } leftPackages && right.Packages is { } rightPackages)
        {
            Packages(differences, "nuget", leftPackages, rightPackages);
        }

        if (left.Python is { } leftPython && right.Python is { } rightPython)
        {
            Value("python", "interpreter", leftPython.Version, rightPython.Version);
            Packages(differences, "python package", leftPython.Packages, rightPython.Packages);
        }
        else if (left.Python is not null || right.Python is not null)
        {
            differences.Add(new EnvironmentDifference("python", "interpreter", left.Python?.Version, right.Python?.Version));
        }

        foreach (var name in left.Variables.Keys.Union(right.Variables.Keys).Where(n => !n.StartsWith("ARIADNE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var a = left.Variables.GetValueOrDefault(name);
            var b = right.Variables.GetValueOrDefault(name);
            if (a != b)
            {
                differences.Add(new EnvironmentDifference("variable", name, a, b));
            }
        }

        return differences;
    }

    private static void Packages(List<EnvironmentDifference> differences, string area, IReadOnlyList<SoftwarePackage> left, IReadOnlyList<SoftwarePackage> right)
    {
        var a = ByName(left);
        var b = ByName(right);
        foreach (var name in a.Keys.Union(b.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            var va = a.GetValueOrDefault(name);
            var vb = b.GetValueOrDefault(name);
            if (!string.Equals(va, vb, StringComparison.Ordinal))
            {
                differences.Add(new EnvironmentDifference(area, name, va, vb));
            }
        }
    }

    private static Dictionary<string, string> ByName(IReadOnlyList<SoftwarePackage> packages)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in packages)
        {
            byName.TryAdd(package.Name, package.Version);
        }

        return byName;
    }
}
