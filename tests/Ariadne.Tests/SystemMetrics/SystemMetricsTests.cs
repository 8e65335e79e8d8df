using System.Diagnostics;
using Ariadne.SystemMetrics;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.SystemMetrics;

/// <summary>System metrics from a real process tree: 'ariadne run' over a busy child, and a run started by the SDK.</summary>
public sealed class SystemMetricsTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static bool HasNvidiaSmi() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(Path.Combine(p, "nvidia-smi")));

    private async Task<Run> OnlyRunAsync()
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var page = await tracking.Store.SearchRunsAsync(new RunSearch((await tracking.Store.ListExperimentsAsync(ViewType.All, default)).Select(e => e.ExperimentId).ToList()), default);
        return Assert.Single(page.Runs);
    }

    [Fact]
    public async Task Ariadne_run_samples_cpu_and_memory_of_the_commands_process_tree()
    {
        // A child (python under sh) that holds 300 MiB and keeps a core busy for 3 seconds.
        const string Busy = "import time\nx = bytearray(300 * 1024 * 1024)\nx[::4096] = b'1' * len(x[::4096])\nt = time.time()\nwhile time.time() - t < 3: pass\n";
        var result = CliRunner.RunProcess(_ws.Root, "run", "--system-metrics", "0.5", "--", "sh", "-c", $"python3 -c \"{Busy}\"");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);

        var run = await OnlyRunAsync();
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var cpu = await tracking.Store.GetMetricHistoryAsync(run.Info.RunId, "system/cpu_percent", default);
        var memory = await tracking.Store.GetMetricHistoryAsync(run.Info.RunId, "system/memory_mb", default);
        Assert.True(memory.Max(m => m.Value) > 300, $"memory {string.Join(", ", memory.Select(m => m.Value))}"); // the child's 300 MiB counts
        Assert.True(cpu.Count >= 4, $"{cpu.Count} cpu samples");
        // The busy child is in the tree (on a loaded machine it gets less than a core, but never nothing).
        Assert.True(cpu.Max(m => m.Value) > 5, $"cpu {string.Join(", ", cpu.Select(m => m.Value))}");
        Assert.All(cpu, m => Assert.InRange(m.Value, 0, 100.0 * Environment.ProcessorCount + 1));
        Assert.Equal(Enumerable.Range(0, memory.Count).Select(i => (long)i), memory.Select(m => m.Step));

        var latest = run.LatestMetrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.InRange(latest["system/machine_memory_percent"], 0.1, 100);
        Assert.True(latest["system/machine_memory_used_mb"] >= latest["system/memory_mb"] * 0.5);
        Assert.InRange(latest["system/machine_cpu_percent"], 0, 100);
        Assert.True(latest.ContainsKey("system/network_receive_mb"));
        Assert.True(latest["system/network_receive_mb"] >= 0);
        if (HasNvidiaSmi())
        {
            Assert.Contains(latest.Keys, k => k.StartsWith("system/gpu_0_", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain(latest.Keys, k => k.StartsWith("system/gpu", StringComparison.Ordinal)); // absent, not zero
        }
    }

    [Fact]
    public async Task System_metrics_are_off_with_the_option_or_the_environment_variable()
    {
        // The variable sets the interval (0.2 s: a 1.5 s command is sampled) or turns sampling off; the option overrides it.
        Assert.Equal(0, await RunWithVariableAsync("0.2", "sampled"));
        Assert.Equal(0, await RunWithVariableAsync("0", "variable-off"));
        Assert.Equal(0, await RunWithVariableAsync("0.2", "option-off", "--system-metrics", "off"));

        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var runs = (await tracking.Store.SearchRunsAsync(new RunSearch((await tracking.Store.ListExperimentsAsync(ViewType.All, default)).Select(e => e.ExperimentId).ToList()), default)).Runs;
        bool Sampled(string name) => runs.Single(r => r.Info.RunName == name).LatestMetrics.Any(m => m.Key.StartsWith("system/", StringComparison.Ordinal));
        Assert.True(Sampled("sampled"));
        Assert.False(Sampled("variable-off"));
        Assert.False(Sampled("option-off"));

        var bad = CliRunner.Run(_ws.Root, "run", "--system-metrics", "often", "--", "true");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("number of seconds", bad.Error + bad.Out, StringComparison.Ordinal);
    }

    private async Task<int> RunWithVariableAsync(string variable, string name, params string[] options)
    {
        var info = CliRunner.ProcessStart(_ws.Root, ["run", "--name", name, .. options, "--", "sleep", "1.5"]);
        info.Environment[SystemMetricsSampler.Variable] = variable;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error + await output);
        return process.ExitCode;
    }

    [Fact]
    public async Task A_run_started_by_the_sdk_samples_its_process_until_it_ends()
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        Assert.Equal(TimeSpan.FromSeconds(10), new TrackingClientDefaults().Interval);
        tracking.SystemMetricsInterval = TimeSpan.FromMilliseconds(300);
        string runId;
        await using (var run = await tracking.StartRunAsync("sdk", "sampled"))
        {
            runId = run.RunId;
            // Samples every 300 ms while the run lives; wait for three of them (a loaded CI machine may delay the timer).
            var until = Stopwatch.StartNew();
            while ((await tracking.Store.GetMetricHistoryAsync(runId, "system/memory_mb", default)).Count < 3 && until.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            await run.EndAsync();
        }

        var memory = await tracking.Store.GetMetricHistoryAsync(runId, "system/memory_mb", default);
        Assert.True(memory.Count >= 3, $"{memory.Count} samples");
        Assert.All(memory, m => Assert.InRange(m.Value, 10, 1024 * 1024));
        Assert.NotEmpty(await tracking.Store.GetMetricHistoryAsync(runId, "system/cpu_percent", default));
        var after = (await tracking.Store.GetMetricHistoryAsync(runId, "system/memory_mb", default)).Count;
        await Task.Delay(700);
        Assert.Equal(after, (await tracking.Store.GetMetricHistoryAsync(runId, "system/memory_mb", default)).Count); // stopped with the run

        tracking.SystemMetricsInterval = null;
        await using var quiet = await tracking.StartRunAsync("sdk", "quiet");
        await Task.Delay(1200);
        await quiet.EndAsync();
        Assert.DoesNotContain((await tracking.Store.GetRunAsync(quiet.RunId, default)).LatestMetrics, m => m.Key.StartsWith("system/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_sample_costs_far_less_than_one_percent_of_a_core_at_the_default_interval()
    {
        // The sampler's own cost, measured on this thread's CPU time (/proc/thread-self/stat, in ticks of 10 ms).
        var probe = new SystemProbe(Environment.ProcessId);
        await probe.SampleAsync();
        const int Samples = 200;
        var clock = Stopwatch.StartNew();
        long ticks = 0;
        var thread = new Thread(() => ticks = SampleTicks(probe, Samples));
        thread.Start();
        thread.Join();

        var perSample = TimeSpan.FromMilliseconds(ticks * 10.0 / Samples);
        var share = perSample / SystemMetricsSampler.DefaultInterval;
        Assert.True(share < 0.01, $"one sample costs {perSample.TotalMilliseconds} ms of CPU ({share:P3} of a core at 10 s); wall {clock.ElapsedMilliseconds / (double)Samples} ms");
    }

    /// <summary>CPU ticks this thread spends on <paramref name="samples"/> samples (a thread of its own: the probe's calls complete synchronously, or block here).</summary>
    private static long SampleTicks(SystemProbe probe, int samples)
    {
        var before = ThreadTicks();
        for (var i = 0; i < samples; i++)
        {
            probe.SampleAsync().GetAwaiter().GetResult();
        }

        return ThreadTicks() - before;
    }

    private static long ThreadTicks()
    {
        var stat = ProcFiles.ParseStat(File.ReadAllText("/proc/thread-self/stat"));
        return Assert.NotNull(stat).CpuTicks;
    }

    private sealed class TrackingClientDefaults
    {
        public TimeSpan? Interval { get; } = SystemMetricsSampler.ParseSetting(null);
    }
}
