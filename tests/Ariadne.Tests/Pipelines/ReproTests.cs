using Ariadne.Content;
using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Pipelines;

public sealed class ReproTests : IDisposable
{
    private const string TwoStages = """
        stages:
          prepare:
            cmd: mkdir -p counts && echo run >> counts/prepare && tr a-z A-Z < raw.txt > clean.txt
            deps: [raw.txt]
            outs: [clean.txt]
          train:
            cmd:
              - echo run >> counts/train
              - mkdir -p model && cat clean.txt > model/weights.txt && grep lr params.yaml >> model/weights.txt
              - cp metrics.src metrics.json
            deps: [clean.txt]
            params: [lr]
            outs: [model]
            metrics: [metrics.json]
        """;

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void TwoStagePipeline()
    {
        _ws.Write("raw.txt", "hello\n");
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("metrics.src", "{\"acc\": 0.75, \"val\": {\"loss\": 0.5}}\n");
        _ws.Write("ariadne.yaml", TwoStages);
    }

    private int Count(string stage) => File.Exists(_ws.Path($"counts/{stage}")) ? File.ReadAllLines(_ws.Path($"counts/{stage}")).Length : 0;

    [Fact]
    public void Repro_runs_stages_in_order_stores_outputs_and_writes_the_lock()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");

        Assert.Equal("HELLO\n", _ws.Read("clean.txt"));
        Assert.Equal("HELLO\nlr: 0.1\n", _ws.Read("model/weights.txt"));
        var lockFile = LockFile.Load(_ws.Path("ariadne.lock"));
        Assert.Equal(["prepare", "train"], lockFile.Stages.Keys);
        var train = lockFile.Stages["train"];
        Assert.Equal("clean.txt", Assert.Single(train.Deps).Path);
        Assert.Equal(new LockedParam("params.yaml", "lr", "0.1"), Assert.Single(train.Params));
        Assert.Equal(["model", "metrics.json"], train.Outs.Select(o => o.Path));
        var cache = _ws.Open().Cache;
        Assert.All(lockFile.Stages.Values.SelectMany(s => s.Outs), o => Assert.True(cache.Contains(o.Hash)));
        Assert.True(cache.Contains(ContentHasher.HashBytes("HELLO\nlr: 0.1\n"u8)));
        Assert.Contains("/clean.txt", File.ReadAllLines(_ws.Path(".gitignore")));
        _ws.AssertCacheIntact();
    }

    [Fact]
    public void Second_repro_runs_nothing()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        var again = _ws.CliOk("repro");

        Assert.Contains("Everything is up to date.", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count("prepare"));
        Assert.Equal(1, Count("train"));
    }

    [Fact]
    public void Changed_param_reruns_only_the_stage_that_reads_it()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.Write("params.yaml", "lr: 0.2\n");
        var result = _ws.CliOk("repro");

        Assert.Contains("param 'lr' changed (0.1 -> 0.2)", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count("prepare"));
        Assert.Equal(2, Count("train"));
        Assert.Equal("HELLO\nlr: 0.2\n", _ws.Read("model/weights.txt"));
    }

    [Fact]
    public void Changed_dependency_reruns_the_stage_and_everything_downstream()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.Write("raw.txt", "bye\n");
        _ws.CliOk("repro");

        Assert.Equal(2, Count("prepare"));
        Assert.Equal(2, Count("train"));
        Assert.Equal("BYE\nlr: 0.1\n", _ws.Read("model/weights.txt"));
    }

    [Fact]
    public void Same_dependency_content_after_an_upstream_rerun_does_not_rerun_downstream()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.Write("raw.txt", "HELLO\n");
        _ws.CliOk("repro");

        Assert.Equal(2, Count("prepare"));
        Assert.Equal(1, Count("train"));
    }

    [Fact]
    public void Deleted_output_is_restored_from_the_run_cache_without_running()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        Directory.Delete(_ws.Path("model"), recursive: true);
        var result = _ws.CliOk("repro");

        Assert.Contains("Stage 'train' restored from the run cache (output 'model' is missing)", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count("train"));
        Assert.Equal("HELLO\nlr: 0.1\n", _ws.Read("model/weights.txt"));
    }

    [Fact]
    public void Returning_to_earlier_params_restores_their_outputs_from_the_run_cache()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.Write("params.yaml", "lr: 0.2\n");
        _ws.CliOk("repro");
        _ws.Write("params.yaml", "lr: 0.1\n");
        var result = _ws.CliOk("repro");

        Assert.Contains("restored from the run cache", result.Out, StringComparison.Ordinal);
        Assert.Equal(2, Count("train"));
        Assert.Equal("HELLO\nlr: 0.1\n", _ws.Read("model/weights.txt"));
        Assert.Equal("0.1", LockFile.Load(_ws.Path("ariadne.lock")).Stages["train"].Params[0].Value);
    }

    [Fact]
    public void Force_runs_every_stage_again()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.CliOk("repro", "--force");

        Assert.Equal(2, Count("prepare"));
        Assert.Equal(2, Count("train"));
    }

    [Fact]
    public void Dry_run_says_what_would_run_and_why_and_runs_nothing()
    {
        TwoStagePipeline();
        var first = _ws.CliOk("repro", "--dry-run");
        Assert.Contains("Stage 'prepare' would run: it has not run yet", first.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'train' would run: it has not run yet (no entry in ariadne.lock); upstream stage 'prepare' will run.", first.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
        Assert.Equal(0, Count("prepare"));

        _ws.CliOk("repro");
        _ws.Write("params.yaml", "lr: 0.3\n");
        var second = _ws.CliOk("repro", "--dry-run");
        Assert.Contains("Stage 'prepare' is up to date.", second.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'train' would run: param 'lr' changed (0.1 -> 0.3).", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Repro_of_one_stage_brings_only_it_and_its_upstream_up_to_date()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: echo a > a.txt
                outs: [a.txt]
              b:
                cmd: cat a.txt > b.txt
                deps: [a.txt]
                outs: [b.txt]
              c:
                cmd: echo c > c.txt
                outs: [c.txt]
            """);
        _ws.CliOk("repro", "b");

        Assert.True(File.Exists(_ws.Path("b.txt")));
        Assert.False(File.Exists(_ws.Path("c.txt")));
        Assert.Equal(2, LockFile.Load(_ws.Path("ariadne.lock")).Stages.Count);
    }

    [Fact]
    public void Failing_stage_keeps_its_lock_entry_stores_nothing_and_skips_downstream()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: echo partial > a.txt && exit 3
                outs: [a.txt]
              b:
                cmd: cat a.txt > b.txt
                deps: [a.txt]
                outs: [b.txt]
              c:
                cmd: echo c > c.txt
                outs: [c.txt]
            """);
        var result = _ws.Cli("repro");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Stage 'a' failed: 'echo partial > a.txt && exit 3' exited with code 3", result.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'b' skipped: upstream stage 'a' did not finish", result.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'c' skipped: an earlier stage failed", result.Out, StringComparison.Ordinal);
        Assert.False(_ws.Open().Cache.Contains(ContentHasher.HashBytes("partial\n"u8)));
        Assert.Empty(LockFile.Load(_ws.Path("ariadne.lock")).Stages);
        Assert.False(File.Exists(_ws.Path("b.txt")));
    }

    [Fact]
    public void Keep_going_runs_stages_that_do_not_depend_on_the_failed_one()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: exit 1
                outs: [a.txt]
              c:
                cmd: echo c > c.txt
                outs: [c.txt]
            """);
        var result = _ws.Cli("repro", "--keep-going");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("c\n", _ws.Read("c.txt"));
        Assert.Equal(["c"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);
    }

    [Fact]
    public void Failed_stage_keeps_the_lock_entry_of_its_last_successful_run()
    {
        _ws.Write("params.yaml", "fail: 0\n");
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: grep -q 'fail.*0' params.yaml && echo ok > a.txt
                params: [fail]
                outs: [a.txt]
            """);
        _ws.CliOk("repro");
        var before = File.ReadAllText(_ws.Path("ariadne.lock"));
        _ws.Write("params.yaml", "fail: 1\n");

        Assert.Equal(1, _ws.Cli("repro").ExitCode);
        Assert.Equal(before, File.ReadAllText(_ws.Path("ariadne.lock")));
    }

    [Fact]
    public void Command_that_does_not_write_its_output_fails()
    {
        _ws.Write("ariadne.yaml", "stages:\n  a:\n    cmd: echo nothing\n    outs: [a.txt]\n");
        var result = _ws.Cli("repro");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("did not write the output 'a.txt'", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_run_a_failing_command_again()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              flaky:
                cmd: if [ -f tried ]; then echo ok > out.txt; else touch tried; exit 1; fi
                outs: [out.txt]
                retries: {count: 2, backoff: 0s}
            """);
        var result = _ws.CliOk("repro");

        Assert.Contains("retry 1 of 2", result.Out, StringComparison.Ordinal);
        Assert.Equal("ok\n", _ws.Read("out.txt"));
    }

    [Fact]
    public void Timeout_kills_the_command_and_fails_the_stage()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              slow:
                cmd: sleep 60 & wait; echo done > out.txt
                outs: [out.txt]
                timeout: 1s
            """);
        var result = _ws.Cli("repro");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ran out of time", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("out.txt")));
    }

    [Fact]
    public void Stages_run_in_their_wdir_with_their_env()
    {
        _ws.Write("src/in.txt", "x\n");
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                wdir: src
                cmd: echo "$GREETING" > ../out.txt && cat in.txt >> ../out.txt
                deps: [in.txt]
                outs: [../out.txt]
                env:
                  GREETING: hi
            """);
        _ws.CliOk("repro");

        Assert.Equal("hi\nx\n", _ws.Read("out.txt"));
    }

    [Fact]
    public void Independent_stages_run_with_several_jobs()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                foreach: [1, 2, 3, 4]
                do:
                  cmd: echo ${item} > out-${item}.txt
                  outs:
                    - out-${item}.txt
              all:
                cmd: cat out-1.txt out-2.txt out-3.txt out-4.txt > all.txt
                deps: [out-1.txt, out-2.txt, out-3.txt, out-4.txt]
                outs: [all.txt]
            """);
        _ws.CliOk("repro", "--jobs", "3");

        Assert.Equal("1\n2\n3\n4\n", _ws.Read("all.txt"));
        Assert.Equal(5, LockFile.Load(_ws.Path("ariadne.lock")).Stages.Count);
    }

    [Fact]
    public void Invalid_pipeline_is_refused_before_anything_runs()
    {
        _ws.Write("ariadne.yaml", "stages:\n  a:\n    cmd: touch ran\n    deps: [missing.txt]\n");
        var result = _ws.Cli("repro");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ariadne.yaml:4: dependency 'missing.txt' of stage 'a' does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("ran")));
    }

    [Fact]
    public async Task Each_stage_run_is_tracked_as_a_child_of_the_pipeline_run()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");

        var runs = await Runs();
        var pipeline = Assert.Single(runs, r => r.Info.ParentRunId is null);
        Assert.Equal(RunStatus.Finished, pipeline.Info.Status);
        var train = Assert.Single(runs, r => r.Info.RunName == "train");
        Assert.Equal(pipeline.Info.RunId, train.Info.ParentRunId);
        Assert.Equal(RunStatus.Finished, train.Info.Status);
        Assert.Contains(train.Params, p => p.Key == "lr" && p.Value == "0.1");
        Assert.Contains(train.LatestMetrics, m => m.Key == "acc" && m.Value == 0.75);
        Assert.Contains(train.LatestMetrics, m => m.Key == "val.loss" && m.Value == 0.5);
        var clean = ContentHasher.HashBytes("HELLO\n"u8).Hex;
        Assert.Contains(train.Inputs, i => i.DatasetHash == clean && i.PointerPath == "clean.txt");
        await using var store = TrackingClient.Open(folder: _ws.Root);
        var artifacts = await store.Store.ListArtifactsAsync(train.Info.RunId, default);
        Assert.Contains(artifacts, a => a.Path == "outs/model/weights.txt" && a.Hash == ContentHasher.HashBytes("HELLO\nlr: 0.1\n"u8).Hex);

        // The pipeline run keeps the whole graph, for the web UI's pipeline view.
        var dag = Assert.Single(await store.Store.ListArtifactsAsync(pipeline.Info.RunId, default), a => a.Path == "pipeline/dag.json");
        var graph = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_ws.Open().Cache.PathOf(Ariadne.Content.ContentHash.Parse(dag.Hash)))).RootElement;
        Assert.Equal(["prepare", "train"], graph.EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal(["prepare"], graph[1].GetProperty("upstream").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Failed_stage_run_is_tracked_as_failed()
    {
        _ws.Write("ariadne.yaml", "stages:\n  a:\n    cmd: echo boom && exit 2\n    outs: [a.txt]\n");
        _ws.Cli("repro");

        var runs = await Runs();
        Assert.Equal(RunStatus.Failed, Assert.Single(runs, r => r.Info.RunName == "a").Info.Status);
        Assert.Equal(RunStatus.Failed, Assert.Single(runs, r => r.Info.ParentRunId is null).Info.Status);
    }

    [Fact]
    public async Task Interrupted_repro_keeps_finished_stages_and_the_next_repro_completes()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              first:
                cmd: echo 1 > first.txt
                outs: [first.txt]
              second:
                cmd: touch started && sleep 60 && echo 2 > second.txt
                deps: [first.txt]
                outs: [second.txt]
            """);
        var workspace = _ws.Open();
        var pipeline = PipelineFile.Load(_ws.Root);
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => new PipelineRunner(workspace, pipeline, TextWriter.Null).RunAsync(new ReproOptions([]), cancel.Token));
        SpinWait.SpinUntil(() => File.Exists(_ws.Path("started")) || run.IsCompleted, TimeSpan.FromSeconds(60));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(["first"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);
        _ws.Write("ariadne.yaml", File.ReadAllText(_ws.Path("ariadne.yaml")).Replace("sleep 60 && ", "", StringComparison.Ordinal));
        _ws.CliOk("repro");
        Assert.Equal("2\n", _ws.Read("second.txt"));
        Assert.Equal(["first", "second"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);
    }

    [Fact]
    public void Gc_keeps_the_outputs_recorded_in_the_lock()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        _ws.CliOk("gc");

        var cache = _ws.Open().Cache;
        Assert.All(LockFile.Load(_ws.Path("ariadne.lock")).Stages.Values.SelectMany(s => s.Outs), o => Assert.True(cache.Contains(o.Hash)));
        Assert.True(cache.Contains(ContentHasher.HashBytes("HELLO\nlr: 0.1\n"u8)));
    }

    [Fact]
    public void Folder_dependency_reruns_on_a_content_change_but_not_on_a_touch()
    {
        _ws.Write("data/a.txt", "a\n");
        _ws.Write("data/sub/b.txt", "b\n");
        _ws.Write("ariadne.yaml", """
            stages:
              merge:
                cmd: mkdir -p counts && echo run >> counts/merge && cat data/a.txt data/sub/b.txt > merged.txt
                deps: [data]
                outs: [merged.txt]
            """);
        _ws.CliOk("repro");
        File.SetLastWriteTimeUtc(_ws.Path("data/a.txt"), DateTime.UtcNow.AddMinutes(1));
        Assert.Contains("Everything is up to date.", _ws.CliOk("repro").Out, StringComparison.Ordinal);

        _ws.Write("data/sub/c.txt", "c\n");
        Assert.Contains("dependency 'data' changed", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        Assert.Equal(2, Count("merge"));
    }

    [Fact]
    public void Lock_entries_of_removed_stages_are_dropped()
    {
        _ws.Write("ariadne.yaml", "stages:\n  old:\n    cmd: echo a > a.txt\n    outs: [a.txt]\n");
        _ws.CliOk("repro");
        _ws.Write("ariadne.yaml", "stages:\n  new:\n    cmd: echo b > b.txt\n    outs: [b.txt]\n");
        _ws.CliOk("repro");

        Assert.Equal(["new"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);
    }

    [Fact]
    public async Task Restored_stage_is_tracked_as_restored()
    {
        TwoStagePipeline();
        _ws.CliOk("repro");
        File.Delete(_ws.Path("clean.txt"));
        _ws.CliOk("repro");

        var restored = (await Runs()).Where(r => r.Info.RunName == "prepare").ToList();
        Assert.Equal(2, restored.Count);
        Assert.Single(restored, r => r.Tags.Any(t => t.Key == "ariadne.pipeline.restored" && t.Value == "true"));
    }

    [Fact]
    public void Unknown_executor_is_refused()
    {
        TwoStagePipeline();
        var result = _ws.Cli("repro", "--executor", "kubernetes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown executor 'kubernetes'. Known executors: local, slurm.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
    }

    [Fact]
    public async Task Stage_command_sees_its_tracked_run()
    {
        _ws.Write("ariadne.yaml", "stages:\n  a:\n    cmd: echo \"$ARIADNE_RUN_ID\" > run-id.txt\n    outs: [run-id.txt]\n");
        _ws.CliOk("repro");

        var stageRun = Assert.Single((await Runs()), r => r.Info.RunName == "a");
        Assert.Equal(stageRun.Info.RunId + "\n", _ws.Read("run-id.txt"));
    }

    [Fact]
    public async Task Ctrl_c_kills_the_running_command_and_the_next_repro_completes()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              first:
                cmd: echo 1 > first.txt
                outs: [first.txt]
              second:
                cmd: touch started && sleep 60 && echo 2 > second.txt
                deps: [first.txt]
                outs: [second.txt]
            """);
        using var process = System.Diagnostics.Process.Start(CliRunner.InterruptibleProcessStart(_ws.Root, "repro"))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(SpinWait.SpinUntil(() => File.Exists(_ws.Path("started")) || process.HasExited, TimeSpan.FromSeconds(60)), "the second stage never started");
        using (var signal = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit();
        }

        AssertStopsAfterInterrupt(process);
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {await output}{await error}");
        Assert.False(File.Exists(_ws.Path("second.txt")));
        Assert.Equal(["first"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);

        _ws.Write("ariadne.yaml", File.ReadAllText(_ws.Path("ariadne.yaml")).Replace("sleep 60 && ", "", StringComparison.Ordinal));
        var again = _ws.CliOk("repro");
        Assert.Contains("Stage 'first' is up to date.", again.Out, StringComparison.Ordinal);
        Assert.Equal("2\n", _ws.Read("second.txt"));
    }

    [Fact]
    public async Task Ctrl_c_removes_the_partial_output_of_the_interrupted_stage_as_the_message_says()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              first:
                cmd: echo 1 > first.txt
                outs: [first.txt]
              second:
                cmd: echo half > second.txt && mkdir -p parts && echo half > parts/a && touch started && sleep 60 && echo 2 > second.txt
                deps: [first.txt]
                outs: [second.txt, parts]
            """);
        using var process = System.Diagnostics.Process.Start(CliRunner.InterruptibleProcessStart(_ws.Root, "repro"))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(SpinWait.SpinUntil(() => File.Exists(_ws.Path("started")) || process.HasExited, TimeSpan.FromSeconds(60)), "the second stage never started");
        if (process.HasExited)
        {
            Assert.Fail($"repro ended before the signal: {await output}{await error}");
        }

        Assert.Equal("half\n", _ws.Read("second.txt"));
        using (var signal = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit();
        }

        AssertStopsAfterInterrupt(process);
        var (stdout, stderr) = (await output, await error);
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {stdout}{stderr}");
        Assert.Contains("Running stage 'second'", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("second.txt")), "the interrupted stage's partial output was kept");
        Assert.False(Directory.Exists(_ws.Path("parts")), "the interrupted stage's partial output folder was kept");
        Assert.Contains("Stage 'second' interrupted: its partial outputs were removed", stdout, StringComparison.Ordinal);
        Assert.Contains("Interrupted. Nothing half-written was kept", stderr, StringComparison.Ordinal);
        Assert.Equal("1\n", _ws.Read("first.txt"));
        Assert.Equal(["first"], LockFile.Load(_ws.Path("ariadne.lock")).Stages.Keys);
    }

    [Theory]
    [InlineData("m.json", "{\"acc\": 0.9", "is not valid JSON")]
    [InlineData("m.yaml", "acc: [0.9\n", "is not valid YAML")]
    public void Stage_whose_metrics_file_cannot_be_read_fails_and_is_neither_locked_nor_cached(string file, string content, string message)
    {
        _ws.Write("written.txt", content);
        _ws.Write("ariadne.yaml", $"stages:\n  a:\n    cmd: cp written.txt {file}\n    metrics: [{file}]\n");

        var first = _ws.Cli("repro");

        Assert.Equal(1, first.ExitCode);
        Assert.Contains($"Stage 'a' failed: metrics file '{file}' {message}", first.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("ariadne.lock")) && LockFile.Load(_ws.Path("ariadne.lock")).Stages.ContainsKey("a"), "the stage was locked");
        var second = _ws.Cli("repro");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("Running stage 'a'", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Stage 'a' is up to date", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Stage 'a' restored", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_stage_is_refused_with_a_suggestion()
    {
        TwoStagePipeline();
        var result = _ws.Cli("repro", "trian");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean 'train'?", result.Error, StringComparison.Ordinal);
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

    /// <summary>Waits for an interrupted <c>repro</c>; when it hangs, the failure says what its process held (signal masks, child processes) and the process is killed.</summary>
    private static void AssertStopsAfterInterrupt(System.Diagnostics.Process process)
    {
        if (process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            return;
        }

        var status = File.Exists($"/proc/{process.Id}/status")
            ? string.Join("; ", File.ReadLines($"/proc/{process.Id}/status").Where(line => line.StartsWith("Sig", StringComparison.Ordinal) || line.StartsWith("State", StringComparison.Ordinal)))
            : "no /proc status";
        var tree = "";
        using (var ps = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ps", ["-e", "-o", "pid,ppid,stat,etimes,args"]) { RedirectStandardOutput = true })!)
        {
            tree = ps.StandardOutput.ReadToEnd();
            ps.WaitForExit();
        }

        process.Kill(entireProcessTree: true);
        Assert.Fail($"repro (pid {process.Id}) did not stop within 30 s of SIGINT. {status}\n{tree}");
    }
}
