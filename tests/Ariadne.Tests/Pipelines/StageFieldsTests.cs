using Ariadne.Pipelines;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Pipelines;

/// <summary>frozen, always_changed, outputs with persist and cache: false, and ${...} from params.yaml and vars, through 'ariadne repro'.</summary>
public sealed class StageFieldsTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private int Count(string stage) => File.Exists(_ws.Path($"counts/{stage}")) ? File.ReadAllLines(_ws.Path($"counts/{stage}")).Length : 0;

    private void Pipeline(string stageFields, string cmd = "mkdir -p counts && echo run >> counts/a && grep lr params.yaml > out.txt")
    {
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("ariadne.yaml", $"""
            stages:
              a:
                cmd: {cmd}
                params: [lr]
                outs: [out.txt]
            {stageFields}
            """ + "\n");
    }

    [Fact]
    public void Frozen_stage_is_not_rerun_when_its_param_changes_and_repro_says_it_is_frozen()
    {
        Pipeline("");
        _ws.CliOk("repro");
        _ws.Write("ariadne.yaml", _ws.Read("ariadne.yaml") + "    frozen: true\n");
        _ws.Write("params.yaml", "lr: 0.2\n");

        var frozen = _ws.CliOk("repro");
        var json = _ws.CliOk("repro", "--json");
        var dry = _ws.CliOk("repro", "--dry-run");

        Assert.Equal(1, Count("a"));
        Assert.Equal("lr: 0.1\n", _ws.Read("out.txt"));
        Assert.Contains("Stage 'a' is frozen, so it did not run (param 'lr' changed (0.1 -> 0.2))", frozen.Out, StringComparison.Ordinal);
        Assert.Contains("\"result\": \"frozen\"", json.Out, StringComparison.Ordinal);
        Assert.Contains("Stage 'a' is frozen and would not run: param 'lr' changed", dry.Out, StringComparison.Ordinal);

        // Unfrozen, it runs again.
        _ws.Write("ariadne.yaml", _ws.Read("ariadne.yaml").Replace("    frozen: true\n", "", StringComparison.Ordinal));
        _ws.CliOk("repro");
        Assert.Equal(2, Count("a"));
        Assert.Equal("lr: 0.2\n", _ws.Read("out.txt"));
    }

    [Fact]
    public void Frozen_stage_that_never_ran_or_lost_an_output_fails_and_says_what_to_do()
    {
        Pipeline("    frozen: true");
        var never = _ws.Cli("repro");

        Assert.Equal(1, never.ExitCode);
        Assert.Contains("it is frozen but has never run (no entry in ariadne.lock); remove 'frozen: true' from stage 'a' to run it once", never.Out, StringComparison.Ordinal);
        Assert.Equal(0, Count("a"));

        _ws.Write("ariadne.yaml", _ws.Read("ariadne.yaml").Replace("    frozen: true\n", "", StringComparison.Ordinal));
        _ws.CliOk("repro");
        _ws.Write("ariadne.yaml", _ws.Read("ariadne.yaml") + "    frozen: true\n");
        File.Delete(_ws.Path("out.txt"));
        var missing = _ws.Cli("repro");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("it is frozen and its output 'out.txt' is missing", missing.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count("a"));
    }

    [Fact]
    public void Always_changed_stage_runs_every_time_and_never_from_the_run_cache()
    {
        Pipeline("    always_changed: true");
        _ws.CliOk("repro");
        var again = _ws.CliOk("repro");
        _ws.CliOk("repro");

        Assert.Equal(3, Count("a"));
        Assert.Contains("Running stage 'a' (it is always_changed (it runs every time))", again.Out, StringComparison.Ordinal);
        Assert.Contains("1 ran, 0 restored from the run cache", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Persisted_output_is_kept_between_runs_and_the_cached_copy_is_never_changed()
    {
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("ariadne.yaml", """
            stages:
              log:
                cmd: grep lr params.yaml >> history.txt
                params: [lr]
                outs:
                  - history.txt:
                      persist: true
            """);
        _ws.CliOk("repro");
        var first = LockFile.Load(_ws.Path("ariadne.lock")).Stages["log"].Outs[0].Hash;
        _ws.Write("params.yaml", "lr: 0.2\n");
        _ws.CliOk("repro");

        Assert.Equal("lr: 0.1\nlr: 0.2\n", _ws.Read("history.txt"));
        var workspace = _ws.Open();
        Assert.True(workspace.Cache.Contains(first));
        _ws.AssertCacheIntact();

        // Back to the first value: the run cache must not restore the first history (it would lose the second line).
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.CliOk("repro");
        Assert.Equal("lr: 0.1\nlr: 0.2\nlr: 0.1\n", _ws.Read("history.txt"));
    }

    [Fact]
    public void Output_with_cache_false_is_locked_by_hash_but_not_stored_or_git_ignored()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: echo small > small.txt && echo big > big.txt
                outs:
                  - small.txt: {cache: false}
                  - big.txt
            """);
        _ws.CliOk("repro");

        var outs = LockFile.Load(_ws.Path("ariadne.lock")).Stages["a"].Outs.ToDictionary(o => o.Path);
        var workspace = _ws.Open();
        Assert.Equal(Ariadne.Content.ContentHasher.HashBytes("small\n"u8), outs["small.txt"].Hash);
        Assert.False(workspace.Cache.Contains(outs["small.txt"].Hash));
        Assert.True(workspace.Cache.Contains(outs["big.txt"].Hash));
        var ignored = File.ReadAllLines(_ws.Path(".gitignore"));
        Assert.Contains("/big.txt", ignored);
        Assert.DoesNotContain("/small.txt", ignored);

        // Up to date while unchanged; an edit makes it run again.
        Assert.Contains("Everything is up to date.", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        File.WriteAllText(_ws.Path("small.txt"), "edited\n");
        Assert.Contains("output 'small.txt' was changed", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        Assert.Equal("small\n", _ws.Read("small.txt"));
    }

    [Fact]
    public void Bad_output_options_are_refused_with_what_to_write()
    {
        _ws.Write("ariadne.yaml", """
            stages:
              a:
                cmd: echo x > x.txt
                outs:
                  - x.txt: {persist: yes, cahce: false}
            """);
        var refused = _ws.Cli("repro");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'persist' of output 'x.txt' in stage 'a' must be true or false", refused.Error, StringComparison.Ordinal);
        Assert.Contains("output 'x.txt' of stage 'a' has an unknown field 'cahce'. Did you mean 'cache'?", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("x.txt")));
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
    }

    [Fact]
    public void Values_from_params_yaml_fill_cmd_and_paths_and_changing_one_reruns_the_stage()
    {
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n  out: model.txt\n");
        _ws.Write("ariadne.yaml", """
            stages:
              train:
                cmd: echo lr=${train.lr} > ${train.out}
                outs: ["${train.out}"]
            """);
        _ws.CliOk("repro");

        Assert.Equal("lr=0.1\n", _ws.Read("model.txt"));
        var locked = LockFile.Load(_ws.Path("ariadne.lock")).Stages["train"];
        Assert.Equal(["echo lr=0.1 > model.txt"], locked.Commands);
        Assert.Contains(new LockedParam("params.yaml", "train.lr", "0.1"), locked.Params);

        _ws.Write("params.yaml", "train:\n  lr: 0.2\n  out: model.txt\n");
        var rerun = _ws.CliOk("repro");

        Assert.Contains("param 'train.lr' changed (0.1 -> 0.2)", rerun.Out, StringComparison.Ordinal);
        Assert.Equal("lr=0.2\n", _ws.Read("model.txt"));
    }

    [Fact]
    public void Vars_files_and_mappings_feed_templates_and_foreach_keeps_working()
    {
        _ws.Write("params.yaml", "seed: 7\n");
        _ws.Write("config/models.yaml", "model:\n  depth: 3\n  name: tree\n");
        _ws.Write("ariadne.yaml", """
            vars:
              - config/models.yaml:model
              - folder: results
            stages:
              fit:
                foreach: [a, b]
                do:
                  cmd: mkdir -p ${folder} && echo ${item} ${model.name} ${model.depth} ${seed} > ${folder}/${item}.txt
                  params: ["config/models.yaml:model.depth"]
                  outs: ["${folder}/${item}.txt"]
            """);
        _ws.CliOk("repro");

        Assert.Equal("a tree 3 7\n", _ws.Read("results/a.txt"));
        Assert.Equal("b tree 3 7\n", _ws.Read("results/b.txt"));
        var locked = LockFile.Load(_ws.Path("ariadne.lock")).Stages["fit@a"].Params;
        Assert.Contains(new LockedParam("config/models.yaml", "model.name", "tree"), locked);
        Assert.Contains(new LockedParam("config/models.yaml", "model.depth", "3"), locked);
        Assert.Contains(new LockedParam("params.yaml", "seed", "7"), locked);

        _ws.Write("config/models.yaml", "model:\n  depth: 4\n  name: tree\n");
        var rerun = _ws.CliOk("repro");
        Assert.Contains("param 'model.depth' changed (3 -> 4)", rerun.Out, StringComparison.Ordinal);
        Assert.Equal("b tree 4 7\n", _ws.Read("results/b.txt"));
    }

    [Fact]
    public void Unknown_template_key_is_named_with_close_keys_and_nothing_runs()
    {
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n  l2: 0.0\n");
        _ws.Write("ariadne.yaml", """
            vars:
              - epochs: 3
              - epochs: 4
            stages:
              train:
                cmd: echo ${train.rl} ${train} \${HOME} > out.txt
                outs: [out.txt]
            """);
        var refused = _ws.Cli("repro");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("ariadne.yaml:6: unknown variable '${train.rl}'. Did you mean 'train.l2' or 'train.lr'?", refused.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:6: '${train}' is a section of params.yaml, not a value. Use one of its keys: ${train.l2}, ${train.lr}", refused.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:3: variable 'epochs' of vars[1] is already defined in vars[0]", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("HOME", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("out.txt")));
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));
    }
}
