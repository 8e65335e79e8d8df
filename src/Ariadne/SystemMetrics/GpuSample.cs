using System.Globalization;

namespace Ariadne.SystemMetrics;

/// <summary>One GPU at one moment, as <c>nvidia-smi --query-gpu</c> reports it; a field it reports as N/A is null.</summary>
internal sealed record GpuSample(int Index, double? UtilizationPercent, double? MemoryUsedMiB, double? MemoryTotalMiB, double? PowerWatts, double? TemperatureC)
{
    /// <summary>The query whose output <see cref="Parse"/> reads.</summary>
    public static readonly string[] Arguments =
        ["--query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,temperature.gpu", "--format=csv,noheader,nounits"];

    /// <summary>Parses lines like <c>0, 87, 40536, 143771, 412.31, 61</c> (values may be <c>[N/A]</c>).</summary>
    public static List<GpuSample> Parse(string csv)
    {
        var gpus = new List<GpuSample>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length < 6 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            gpus.Add(new GpuSample(index, Number(f[1]), Number(f[2]), Number(f[3]), Number(f[4]), Number(f[5])));
        }

        return gpus;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
