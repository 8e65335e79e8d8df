using Ariadne.SystemMetrics;

namespace Ariadne.Tests.SystemMetrics;

/// <summary>The /proc and nvidia-smi parsers on fixed text (shapes from proc(5) and nvidia-smi's CSV output).</summary>
public sealed class SystemProbeParsingTests
{
    [Fact]
    public void Stat_is_read_after_the_last_parenthesis_so_a_command_name_with_spaces_and_parentheses_parses()
    {
        const string Stat = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 1500 0 0 0 250 50 7 3 20 0 4 0 123456 1048576000 25600 18446744073709551615";
        var (parent, ticks, pages) = Assert.NotNull(ProcFiles.ParseStat(Stat));
        Assert.Equal(17, parent);
        Assert.Equal(250 + 50 + 7 + 3, ticks);
        Assert.Equal(25600, pages);
        Assert.Null(ProcFiles.ParseStat("garbage"));
    }

    [Fact]
    public void Machine_cpu_memory_disk_and_network_parse_from_proc_text()
    {
        var cpu = Assert.NotNull(ProcFiles.ParseCpu("cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 50 2 25 400 10 0 1 1 0 0\n"));
        Assert.Equal((161L, 981L), cpu);

        var memory = Assert.NotNull(ProcFiles.ParseMemory("MemTotal:       16384000 kB\nMemFree:         1000000 kB\nMemAvailable:    8192000 kB\n"));
        Assert.Equal((16384000L * 1024, 8192000L * 1024), memory);
        Assert.Null(ProcFiles.ParseMemory("MemTotal: 10 kB\n")); // MemAvailable missing (kernels before 3.14)

        const string Disks = "   8       0 sda 1000 0 4000 100 2000 0 8000 200 0 300 300\n   8       1 sda1 900 0 3600 90 1900 0 7600 190 0 280 280\n   7       0 loop0 10 0 20 0 0 0 0 0 0 0 0\n";
        Assert.Equal((4000L * 512, 8000L * 512), ProcFiles.ParseDiskStats(Disks, new HashSet<string> { "sda" }));

        const string Net = "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    lo: 999999 10 0 0 0 0 0 0 999999 10 0 0 0 0 0 0\n  eth0: 1048576 100 0 0 0 0 0 0 2097152 200 0 0 0 0 0 0\n";
        Assert.Equal((1048576L, 2097152L), ProcFiles.ParseNetDev(Net)); // loopback left out
    }

    [Fact]
    public void Nvidia_smi_rows_parse_per_gpu_with_unavailable_fields_as_null()
    {
        var gpus = GpuSample.Parse("0, 87, 40536, 143771, 412.31, 61\n1, 0, 1, 143771, [N/A], 33\n");
        Assert.Equal(2, gpus.Count);
        Assert.Equal(new GpuSample(0, 87, 40536, 143771, 412.31, 61), gpus[0]);
        Assert.Null(gpus[1].PowerWatts);
        Assert.Equal(33, gpus[1].TemperatureC);
        Assert.Empty(GpuSample.Parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"));
    }

    [Fact]
    public void The_setting_is_an_interval_in_seconds_or_off()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), SystemMetricsSampler.ParseSetting(null));
        Assert.Equal(TimeSpan.FromSeconds(10), SystemMetricsSampler.ParseSetting("on"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), SystemMetricsSampler.ParseSetting("2.5"));
        Assert.Equal(TimeSpan.FromSeconds(30), SystemMetricsSampler.ParseSetting("30s"));
        Assert.Null(SystemMetricsSampler.ParseSetting("0"));
        Assert.Null(SystemMetricsSampler.ParseSetting("off"));
        var error = Assert.Throws<AriadneException>(() => SystemMetricsSampler.ParseSetting("-1"));
        Assert.Contains("ARIADNE_SYSTEM_METRICS", error.Message, StringComparison.Ordinal);
    }
}
