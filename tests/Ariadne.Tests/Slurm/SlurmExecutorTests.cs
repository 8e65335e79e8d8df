using System.Text.RegularExpressions;
using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Slurm;

[Trait("Service", "Slurm")]
[Collection(SlurmClusterCollection.Name)]
public sealed class SlurmExecutorTests(SlurmClusterFixture cluster) : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Two_stage_pipeline_runs_as_slurm_jobs_with_outputs_lock_and_tracked_runs()
    {
        _ws.Write("raw.txt", "hello\n");
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("metrics.src", "{\"acc\": 0.75}\n");
        _ws.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: tr a-z A-Z < raw.txt > clean.txt && echo "job $SLURM_JOB_ID"
                deps: [raw.txt]
                outs: [clean.txt]
              train:
                cmd:
                  - mkdir -p model && cat clean.txt > model/weights.txt && grep lr params.yaml >> model/weights.txt
                  - cp metrics.src metrics.json && echo "run $ARIADNE_RUN_ID" && echo to-stderr >&2
                deps: [clean.txt]
                params: [lr]
                outs: [model]
                metrics: [metrics.json]
            """);

        var result = _ws.CliOk("repro", "--executor", "slurm");

        Assert.Equal("HELLO\n", _ws.Read("clean.txt"));
        Assert.Equal("HELLO\nlr: 0.1\n", _ws.Read("model/weights.txt"));
        Assert.Matches(@"Submitted Slurm job \d+\.", result.Out);
        Assert.Contains("to-stderr", result.Out, StringComparison.Ordinal);
        var lockFile = LockFile.Load(_ws.Path("ariadne.lock"));
        Assert.Equal(["prepare", "train"], lockFile.Stages.Keys);
        var cache = _ws.Open().Cache;
        Assert.All(lockFile.Stages.Values.SelectMany(s => s.Outs), o => Assert.True(cache.Contains(o.Hash)));

        var runs = await Runs();
        var train = Assert.Single(runs, r => r.Info.RunName == "train");
        var prepare = Assert.Single(runs, r => r.Info.RunName == "prepare");
        Assert.Equal(RunStatus.Finished, train.Info.Status);
        Assert.Contains(train.LatestMetrics, m => m.Key == "acc" && m.Value == 0.75);
        var trainJob = Assert.Single(train.Tags, t => t.Key == SlurmExecutor.JobIdTag).Value;
        var prepareJob = Assert.Single(prepare.Tags, t => t.Key == SlurmExecutor.JobIdTag).Value;
        Assert.NotEqual(trainJob, prepareJob);
        Assert.Contains($"job {prepareJob}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"run {train.Info.RunId}", result.Out, StringComparison.Ordinal);
        Assert.Contains("JobName=train ", await cluster.ShowJobAsync(trainJob), StringComparison.Ordinal);

        // The job's log is the stage run's log.
        await using var client = TrackingClient.Open(folder: _ws.Root);
        var log = Assert.Single(await client.Store.ListArtifactsAsync(train.Info.RunId, default), a => a.Path == "logs/output.log");
        var text = File.ReadAllText(_ws.Open().Cache.PathOf(Ariadne.Content.ContentHash.Parse(log.Hash)));
        Assert.Contains("to-stderr", text, StringComparison.Ordinal);

        Assert.Contains("Everything is up to date.", _ws.CliOk("repro", "--executor", "slurm").Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_ws.Path(".ariadne/tmp/slurm")) && Directory.EnumerateFileSystemEntries(_ws.Path(".ariadne/tmp/slurm")).Any());
    }

    [Fact]
    public async Task A_sweep_runs_each_trials_stages_as_slurm_jobs_and_ranks_the_trials()
    {
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("score.sh", "sed -n 's/^lr: *\\(.*\\)$/{\"score\": \\1}/p' params.yaml > metrics.json\n");
        _ws.Write("ariadne.yaml", """
            stages:
              train:
                cmd: sh score.sh
                deps: [score.sh]
                params: [lr]
                metrics: [metrics.json]
            """);

        var result = _ws.CliOk("sweep", "-S", "lr=0.2,0.5", "--metric", "score", "--executor", "slurm", "--json");

        Assert.Equal("lr: 0.1\n", _ws.Read("params.yaml")); // the workspace is unchanged
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal([0.5, 0.2], trials.Select(t => t.GetProperty("metrics").GetProperty("metrics.json:score").GetDouble()));
        var stageRuns = (await Runs()).Where(r => r.Info.RunName == "train").ToList();
        Assert.Equal(2, stageRuns.Count);
        Assert.All(stageRuns, r => Assert.Contains(r.Tags, t => t.Key == SlurmExecutor.JobIdTag));
    }

    [Fact]
    public async Task Failing_job_marks_the_run_failed_and_skips_downstream()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              first:
                cmd:
                  - echo before
                  - echo boom && exit 3
                  - touch never
                outs: [a.txt]
              second:
                cmd: cp a.txt b.txt
                deps: [a.txt]
                outs: [b.txt]
            """);

        var result = _ws.Cli("repro", "--executor", "slurm");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Stage 'first' failed: 'echo boom && exit 3' exited with code 3.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'second' skipped: upstream stage 'first' did not finish.", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("never")));
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
        var runs = await Runs();
        var first = Assert.Single(runs, r => r.Info.RunName == "first");
        Assert.Equal(RunStatus.Failed, first.Info.Status);
        var job = Assert.Single(first.Tags, t => t.Key == SlurmExecutor.JobIdTag).Value;
        Assert.Contains("JobState=FAILED", await cluster.ShowJobAsync(job), StringComparison.Ordinal);
        Assert.DoesNotContain(runs, r => r.Info.RunName == "second");
    }

    [Fact]
    public void Independent_stages_run_as_parallel_jobs()
    {
        // Each stage waits until the other one started: they finish only when both jobs run at the same time.
        _ws.Write("ariadne.yaml", """
            stages:
              left:
                cmd: touch left.started && for i in $(seq 100); do [ -e right.started ] && break; sleep 0.2; done && [ -e right.started ] && echo l > left.txt
                outs: [left.txt]
              right:
                cmd: touch right.started && for i in $(seq 100); do [ -e left.started ] && break; sleep 0.2; done && [ -e left.started ] && echo r > right.txt
                outs: [right.txt]
            """);

        var result = _ws.CliOk("repro", "--executor", "slurm", "--jobs", "2");

        Assert.Equal("l\n", _ws.Read("left.txt"));
        Assert.Equal("r\n", _ws.Read("right.txt"));
        Assert.Equal(2, Regex.Matches(result.Out, @"Submitted Slurm job \d+\.").Count);
    }

    [Fact]
    public async Task Stage_resources_become_the_jobs_request()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              big:
                cmd: echo "$SLURM_CPUS_PER_TASK" > cpus.txt
                outs: [cpus.txt]
                resources: {cpus: 2, mem: 100M, gpus: 1, time: 5m}
            """);

        _ws.CliOk("repro", "--executor", "slurm");

        Assert.Equal("2\n", _ws.Read("cpus.txt"));
        var job = Assert.Single(Assert.Single(await Runs(), r => r.Info.RunName == "big").Tags, t => t.Key == SlurmExecutor.JobIdTag).Value;
        var shown = await cluster.ShowJobAsync(job);
        Assert.Contains("TimeLimit=00:05:00", shown, StringComparison.Ordinal);
        Assert.Contains("MinMemoryNode=100M", shown, StringComparison.Ordinal);
        Assert.Contains("CPUs/Task=2", shown, StringComparison.Ordinal);
        Assert.Matches("TresPerNode=gres:gpu:1", shown);
    }

    [Fact]
    public async Task Cancelling_repro_scancels_the_job()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              slow:
                cmd: touch started && sleep 120 && echo done > slow.txt
                outs: [slow.txt]
            """);
        var workspace = _ws.Open();
        var pipeline = PipelineFile.Load(_ws.Root);
        var log = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => new PipelineRunner(workspace, pipeline, TextWriter.Synchronized(log), new SlurmExecutor(TimeSpan.FromMilliseconds(200))).RunAsync(new ReproOptions([]), cancel.Token));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(_ws.Path("started")) || run.IsCompleted, TimeSpan.FromSeconds(60)), "the job never started");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var job = Regex.Match(log.ToString(), @"Submitted Slurm job (\d+)\.").Groups[1].Value;
        Assert.NotEmpty(job);
        Assert.Contains("JobState=CANCELLED", await cluster.ShowJobAsync(job), StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("slow.txt")));
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
    }

    [Fact]
    public async Task Stage_timeout_scancels_the_job_and_fails_the_stage()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              slow:
                cmd: sleep 120 && echo done > slow.txt
                outs: [slow.txt]
                timeout: 2s
            """);

        var result = _ws.Cli("repro", "--executor", "slurm");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Stage 'slow' failed: ran out of time in 'sleep 120 && echo done > slow.txt' (timeout)", result.Out, StringComparison.Ordinal);
        var job = Regex.Match(result.Out, @"Submitted Slurm job (\d+)\.").Groups[1].Value;
        Assert.Contains("JobState=CANCELLED", await cluster.ShowJobAsync(job), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_cancelled_outside_ariadne_fails_the_stage_with_a_clear_message()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              cancelled-elsewhere:
                cmd: touch started && sleep 120 && echo done > slow.txt
                outs: [slow.txt]
            """);

        var repro = Task.Run(() => _ws.Cli("repro", "--executor", "slurm"));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(_ws.Path("started")) || repro.IsCompleted, TimeSpan.FromSeconds(60)), "the job never started");
        var (_, jobs) = await cluster.RunAsync("squeue", "-h", "-n", "cancelled-elsewhere", "-o", "%i");
        var job = Assert.Single(jobs.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        await cluster.RunAsync("scancel", job);
        var result = await repro;

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Stage 'cancelled-elsewhere' failed: Slurm job {job} was cancelled outside ariadne", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_submits_a_new_job_for_each_attempt()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              flaky:
                cmd: if [ -e tried ]; then echo ok > out.txt; else touch tried; exit 5; fi
                outs: [out.txt]
                retries: {count: 1, backoff: 0.1s}
            """);

        var result = _ws.CliOk("repro", "--executor", "slurm");

        Assert.Contains("retry 1 of 1", result.Out, StringComparison.Ordinal);
        var jobs = Regex.Matches(result.Out, @"Submitted Slurm job (\d+)\.").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, jobs.Distinct().Count());
        Assert.Equal("ok\n", _ws.Read("out.txt"));
        var flaky = Assert.Single(await Runs(), r => r.Info.RunName == "flaky");
        Assert.Equal(RunStatus.Finished, flaky.Info.Status);
        Assert.Equal(jobs[1], Assert.Single(flaky.Tags, t => t.Key == SlurmExecutor.JobIdTag).Value);
    }

    [Fact]
    public void Missing_sbatch_names_what_to_install()
    {
        var empty = _ws.Outside("no-slurm");
        Directory.CreateDirectory(empty);

        var error = Assert.Throws<AriadneException>(() => SlurmExecutor.EnsureAvailable(empty));

        Assert.Contains("sbatch, scontrol, scancel, sacct are not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install slurm-client", error.Message, StringComparison.Ordinal);
    }

    private async Task<List<Run>> Runs()
    {
        await using var client = TrackingClient.Open(folder: _ws.Root);
        var experiment = (await client.Store.GetExperimentByNameAsync("pipelines", default))!;
        var runs = new List<Run>();
        await foreach (var run in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(run);
        }

        return runs;
    }
}
