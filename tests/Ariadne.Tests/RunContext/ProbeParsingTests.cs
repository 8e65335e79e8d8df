using System.Diagnostics;
using Ariadne.RunContext;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.RunContext;

public sealed class ProbeParsingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Nvidia_smi_csv_becomes_gpu_devices()
    {
        var gpus = HardwareProbe.ParseNvidiaSmi("NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15\nTesla V100-SXM2-16GB, [N/A], [N/A]\n\n");

        Assert.Equal(
            [new GpuDevice("NVIDIA H100 80GB HBM3", 81559L * 1024 * 1024, "550.54.15"), new GpuDevice("Tesla V100-SXM2-16GB", null, null)],
            gpus);
    }

    [Fact]
    public void Cpu_model_and_memory_come_from_proc_files()
    {
        var cpuinfo = _folder.WriteFile("cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n");
        var armInfo = _folder.WriteFile("cpuinfo-arm", "processor\t: 0\nBogoMIPS\t: 108.00\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        var meminfo = _folder.WriteFile("meminfo", "MemTotal:       131072000 kB\nMemFree:         1000 kB\n");

        Assert.Equal("Intel(R) Xeon(R) Platinum 8480+", HardwareProbe.ReadCpuInfo(cpuinfo));
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", HardwareProbe.ReadCpuInfo(armInfo));
        Assert.Null(HardwareProbe.ReadCpuInfo(_folder.Combine("missing")));
        Assert.Equal(131072000L * 1024, HardwareProbe.ReadMemTotal(meminfo));
        Assert.Null(HardwareProbe.ReadMemTotal(_folder.Combine("missing")));
    }

    [Fact]
    public void Porcelain_status_gives_commit_branch_dirtiness_and_untracked_files()
    {
        const string status = "# branch.oid 0123456789abcdef0123456789abcdef01234567\0# branch.head feature/x\0"
            + "2 R. N... 100644 100644 100644 aaa bbb R100 new name.txt\0old name.txt\0? notes.txt\0? data/\0";

        var (commit, branch, detached, dirty, untracked) = GitProbe.ParseStatus(status);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", commit);
        Assert.Equal("feature/x", branch);
        Assert.False(detached);
        Assert.True(dirty);
        Assert.Equal(["notes.txt", "data/"], untracked);
    }

    [Fact]
    public void Remote_choice_prefers_origin_then_the_first_listed()
    {
        Assert.Equal(("origin", "git@h:o.git"), GitProbe.ChooseRemote("remote.backup.url https://b/x.git\nremote.origin.url git@h:o.git\n"));
        Assert.Equal(("my.fork", "https://f/x.git"), GitProbe.ChooseRemote("remote.my.fork.url https://f/x.git\nremote.up.url https://u/x.git\n"));
        Assert.Null(GitProbe.ChooseRemote(null));
        Assert.Null(GitProbe.ChooseRemote(""));
    }

    [Fact]
    public async Task Missing_tools_and_slow_tools_yield_null_quickly()
    {
        Assert.Null(await ToolProcess.RunAsync("ariadne-no-such-tool-" + Guid.NewGuid().ToString("N"), [], _folder.Path, TimeSpan.FromSeconds(5)));

        var watch = Stopwatch.StartNew();
        Assert.Null(await ToolProcess.RunAsync("sleep", ["30"], _folder.Path, TimeSpan.FromMilliseconds(300)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Tool_output_is_cut_at_the_limit()
    {
        var output = await ToolProcess.RunAsync("printf", ["0123456789"], _folder.Path, TimeSpan.FromSeconds(5), maxChars: 4);

        Assert.Equal(new ToolOutput("0123", Truncated: true), output);
    }

    public void Dispose() => _folder.Dispose();
}
