using System.Globalization;
using System.Runtime.InteropServices;

namespace Ariadne.RunContext;

/// <summary>Processor, memory and GPUs of the machine a run executes on. Every probe falls back quietly.</summary>
internal static class HardwareProbe
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The processor's marketing name: /proc/cpuinfo on Linux, sysctl on macOS, the environment on Windows.</summary>
    public static async Task<string> ProcessorNameAsync()
    {
        if (OperatingSystem.IsLinux())
        {
            var fromCpuInfo = ReadCpuInfo("/proc/cpuinfo");
            if (fromCpuInfo is not null)
            {
                return fromCpuInfo;
            }
        }
        else if (OperatingSystem.IsMacOS())
        {
            var brand = await ToolProcess.RunAsync("sysctl", ["-n", "machdep.cpu.brand_string"], AppContext.BaseDirectory, ToolTimeout).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(brand?.Text))
            {
                return brand.Value.Text.Trim();
            }
        }

        var identifier = Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
        return string.IsNullOrWhiteSpace(identifier) ? RuntimeInformation.OSArchitecture.ToString() : identifier.Trim();
    }

    /// <summary>The first processor name in a cpuinfo file ("model name" on x86, "Model" or "Hardware" on some ARM boards).</summary>
    internal static string? ReadCpuInfo(string path)
    {
        try
        {
            string? fallback = null;
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                if (key == "model name")
                {
                    return value;
                }

                if (fallback is null && key is "Model" or "Hardware" or "cpu model")
                {
                    fallback = value;
                }
            }

            return fallback;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Physical memory of the machine in bytes: /proc/meminfo MemTotal on Linux, else what the GC sees.</summary>
    public static long TotalMemoryBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            var fromMemInfo = ReadMemTotal("/proc/meminfo");
            if (fromMemInfo is not null)
            {
                return fromMemInfo.Value;
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    internal static long? ReadMemTotal(string path)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    continue;
                }

                var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    var unit = parts.Length > 1 ? parts[1] : "";
                    return unit.Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>GPUs from <c>nvidia-smi</c>; an empty list when it is absent, fails, or takes longer than the timeout.</summary>
    public static async Task<IReadOnlyList<GpuDevice>> GpusAsync()
    {
        var output = await ToolProcess.RunAsync(
            "nvidia-smi",
            ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
            AppContext.BaseDirectory,
            ToolTimeout).ConfigureAwait(false);
        return output is null ? [] : ParseNvidiaSmi(output.Value.Text);
    }

    /// <summary>Parses lines like <c>NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15</c>.</summary>
    internal static List<GpuDevice> ParseNvidiaSmi(string csv)
    {
        var gpus = new List<GpuDevice>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split from the right: the name is the only field that could hold a comma.
            var fields = line.Split(',');
            if (fields.Length < 3)
            {
                continue;
            }

            var driver = fields[^1].Trim();
            var memory = fields[^2].Trim();
            var name = string.Join(',', fields[..^2]).Trim();
            gpus.Add(new GpuDevice(name, ParseMemory(memory), driver.Length == 0 || driver.StartsWith('[') ? null : driver));
        }

        return gpus;
    }

    private static long? ParseMemory(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var unit = parts.Length > 1 ? parts[1] : "MiB";
        return unit switch
        {
            "KiB" => value * 1024,
            "MiB" => value * 1024 * 1024,
            "GiB" => value * 1024 * 1024 * 1024,
            _ => value,
        };
    }
}
