using System.Globalization;

namespace Ariadne.SystemMetrics;

/// <summary>The <c>system/*</c> metric keys (docs/system-metrics.md describes each).</summary>
internal static class SystemMetricNames
{
    public const string Prefix = "system/";
    public const string CpuPercent = "system/cpu_percent";
    public const string MemoryMiB = "system/memory_mb";
    public const string MachineCpuPercent = "system/machine_cpu_percent";
    public const string MachineMemoryUsedMiB = "system/machine_memory_used_mb";
    public const string MachineMemoryPercent = "system/machine_memory_percent";
    public const string DiskReadMiB = "system/disk_read_mb";
    public const string DiskWriteMiB = "system/disk_write_mb";
    public const string NetworkReceiveMiB = "system/network_receive_mb";
    public const string NetworkTransmitMiB = "system/network_transmit_mb";

    public static string Gpu(int index, string name) => $"system/gpu_{index.ToString(CultureInfo.InvariantCulture)}_{name}";
}
