using System.Diagnostics;
using Ariadne.RunContext;

namespace Ariadne.SystemMetrics;

/// <summary>
/// Reads the system metrics of one process tree (a process and all its descendants) and of the machine. On Linux
/// everything comes from <c>/proc</c>: CPU use and resident memory of the tree, CPU use and memory of the machine,
/// disk and network bytes since the first sample. Elsewhere only the process itself is measured (no children, no
/// machine-wide CPU, disk or network). GPUs come from <c>nvidia-smi</c> where it is installed; without it, or when it
/// fails once, the GPU series are left out rather than written as zeros.
/// </summary>
internal sealed class SystemProbe
{
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan GpuTimeout = TimeSpan.FromSeconds(5);

    private readonly int _rootId;
    private readonly string _proc;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<string> _disks;
    private (TimeSpan At, long TreeTicks)? _lastTree;
    private (long Busy, long Total)? _lastCpu;
    private (long Read, long Written)? _firstDisk;
    private (long Received, long Sent)? _firstNetwork;
    private TimeSpan? _lastProcessorTime;
    private bool _gpusAbsent;

    /// <param name="rootId">The process whose tree is measured.</param>
    /// <param name="proc">The proc file system's mount point (tests point it elsewhere).</param>
    /// <param name="gpus">False: never run nvidia-smi.</param>
    public SystemProbe(int rootId, string proc = "/proc", bool gpus = true)
    {
        _rootId = rootId;
        _proc = proc;
        _gpusAbsent = !gpus;
        _disks = OperatingSystem.IsLinux() ? PhysicalDisks() : [];
    }

    /// <summary>The metrics now; rates (CPU) are over the time since the previous call, I/O counts since the first.</summary>
    public async Task<List<(string Key, double Value)>> SampleAsync()
    {
        var values = new List<(string, double)>();
        if (OperatingSystem.IsLinux() && Directory.Exists(_proc))
        {
            SampleLinux(values);
        }
        else
        {
            SampleCurrentProcess(values);
        }

        if (!_gpusAbsent)
        {
            await SampleGpusAsync(values).ConfigureAwait(false);
        }

        return values;
    }

    private void SampleLinux(List<(string, double)> values)
    {
        var now = _clock.Elapsed;
        var (ticks, pages) = TreeUsage();
        if (_lastTree is { } last && now > last.At)
        {
            var seconds = (now - last.At).TotalSeconds;
            values.Add((SystemMetricNames.CpuPercent, Math.Max(0, ticks - last.TreeTicks) / ProcFiles.TicksPerSecond / seconds * 100));
        }

        _lastTree = (now, ticks);
        values.Add((SystemMetricNames.MemoryMiB, pages * (double)Environment.SystemPageSize / MiB));

        if (Read("stat") is { } stat && ProcFiles.ParseCpu(stat) is { } cpu)
        {
            if (_lastCpu is { } before && cpu.Total > before.Total)
            {
                values.Add((SystemMetricNames.MachineCpuPercent, 100.0 * (cpu.Busy - before.Busy) / (cpu.Total - before.Total)));
            }

            _lastCpu = cpu;
        }

        if (Read("meminfo") is { } meminfo && ProcFiles.ParseMemory(meminfo) is { } memory)
        {
            values.Add((SystemMetricNames.MachineMemoryUsedMiB, (memory.Total - memory.Available) / MiB));
            values.Add((SystemMetricNames.MachineMemoryPercent, 100.0 * (memory.Total - memory.Available) / memory.Total));
        }

        if (_disks.Count > 0 && Read("diskstats") is { } diskstats)
        {
            var disk = ProcFiles.ParseDiskStats(diskstats, _disks);
            _firstDisk ??= disk;
            values.Add((SystemMetricNames.DiskReadMiB, (disk.Read - _firstDisk.Value.Read) / MiB));
            values.Add((SystemMetricNames.DiskWriteMiB, (disk.Written - _firstDisk.Value.Written) / MiB));
        }

        if (Read("net/dev") is { } netdev)
        {
            var network = ProcFiles.ParseNetDev(netdev);
            _firstNetwork ??= network;
            values.Add((SystemMetricNames.NetworkReceiveMiB, (network.Received - _firstNetwork.Value.Received) / MiB));
            values.Add((SystemMetricNames.NetworkTransmitMiB, (network.Sent - _firstNetwork.Value.Sent) / MiB));
        }
    }

    /// <summary>CPU ticks (own and reaped children's) and resident pages summed over the root and its descendants.</summary>
    private (long Ticks, long Pages) TreeUsage()
    {
        var stats = new Dictionary<int, (int Parent, long Ticks, long Pages)>();
        foreach (var folder in Directory.EnumerateDirectories(_proc))
        {
            if (int.TryParse(Path.GetFileName(folder), out var id) && Read($"{id}/stat") is { } text && ProcFiles.ParseStat(text) is { } stat)
            {
                stats[id] = (stat.ParentId, stat.CpuTicks, stat.ResidentPages);
            }
        }

        var children = stats.ToLookup(s => s.Value.Parent, s => s.Key);
        long ticks = 0;
        long pages = 0;
        var pending = new Stack<int>([_rootId]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var id))
        {
            if (!seen.Add(id) || !stats.TryGetValue(id, out var s))
            {
                continue;
            }

            ticks += s.Ticks;
            pages += s.Pages;
            foreach (var child in children[id])
            {
                pending.Push(child);
            }
        }

        return (ticks, pages);
    }

    private void SampleCurrentProcess(List<(string, double)> values)
    {
        using var process = Process.GetCurrentProcess();
        var now = _clock.Elapsed;
        var cpu = process.TotalProcessorTime;
        if (_lastProcessorTime is { } before && _lastTree is { } last && now > last.At)
        {
            values.Add((SystemMetricNames.CpuPercent, Math.Max(0, (cpu - before).TotalSeconds) / (now - last.At).TotalSeconds * 100));
        }

        _lastProcessorTime = cpu;
        _lastTree = (now, 0);
        values.Add((SystemMetricNames.MemoryMiB, process.WorkingSet64 / MiB));
    }

    private async Task SampleGpusAsync(List<(string, double)> values)
    {
        var output = await ToolProcess.RunAsync("nvidia-smi", GpuSample.Arguments, AppContext.BaseDirectory, GpuTimeout).ConfigureAwait(false);
        var gpus = output is null ? [] : GpuSample.Parse(output.Value.Text);
        if (gpus.Count == 0)
        {
            _gpusAbsent = true; // no tool, no GPU, or a failing driver: no GPU series at all
            return;
        }

        foreach (var gpu in gpus)
        {
            Add(values, SystemMetricNames.Gpu(gpu.Index, "utilization_percent"), gpu.UtilizationPercent);
            Add(values, SystemMetricNames.Gpu(gpu.Index, "memory_used_mb"), gpu.MemoryUsedMiB);
            Add(values, SystemMetricNames.Gpu(gpu.Index, "memory_percent"), gpu.MemoryUsedMiB is { } used && gpu.MemoryTotalMiB is > 0 and var total ? 100 * used / total : null);
            Add(values, SystemMetricNames.Gpu(gpu.Index, "power_watts"), gpu.PowerWatts);
            Add(values, SystemMetricNames.Gpu(gpu.Index, "temperature_c"), gpu.TemperatureC);
        }
    }

    private static void Add(List<(string, double)> values, string key, double? value)
    {
        if (value is { } v)
        {
            values.Add((key, v));
        }
    }

    private string? Read(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_proc, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a process that ended between listing and reading, or a file this system lacks
        }
    }

    /// <summary>Block devices backed by hardware (<c>/sys/block/*/device</c>): partitions, loop and device-mapper devices would count bytes twice.</summary>
    private static HashSet<string> PhysicalDisks()
    {
        try
        {
            return Directory.Exists("/sys/block")
                ? Directory.EnumerateDirectories("/sys/block").Where(d => Directory.Exists(Path.Combine(d, "device"))).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
