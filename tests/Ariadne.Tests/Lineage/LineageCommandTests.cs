using System.Text.Json;
using Ariadne.Content;
using Ariadne.Tests.Support;
using static Ariadne.Tests.Lineage.LineageWorkspaces;

namespace Ariadne.Tests.Lineage;

public sealed class LineageCommandTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void A_foreach_stage_output_traces_back_through_the_folder_it_read_to_the_raw_data_pointer_and_its_commit()
    {
        CreatePipeline(_ws);
        var rawCommit = _ws.Git("log --format=%H -1 -- data/raw.csv.ari").Trim();

        var graph = Trace(_ws, "model-a.txt");

        var runs = Nodes(graph, "run").ToList();
        Assert.Equal(["prepare", "train@a"], runs.Select(r => r.GetProperty("stage").GetString()!).Order(StringComparer.Ordinal));
        var train = runs.Single(r => r.GetProperty("stage").GetString() == "train@a");
        Assert.Equal("sh train.sh a", train.GetProperty("command").GetString());
        Assert.Equal("7", train.GetProperty("seeds").GetProperty("seed").GetString());
        Assert.Equal(_ws.Git("rev-parse HEAD~1").Trim(), train.GetProperty("git").GetProperty("commit").GetString());
        Assert.True(train.GetProperty("git").TryGetProperty("dirty", out _));
        Assert.True(train.TryGetProperty("environment_from", out _)); // a stage run's environment is its pipeline run's
        Assert.False(string.IsNullOrEmpty(train.GetProperty("environment").GetProperty("os").GetString()));

        var parts = DataAt(graph, "data/parts");
        Assert.True(parts.GetProperty("folder").GetBoolean());
        Assert.Equal("run", parts.GetProperty("origin").GetString());
        var prepare = runs.Single(r => r.GetProperty("stage").GetString() == "prepare");
        Assert.Contains(Edges(graph, "generated"), e => e.GetProperty("from").GetString() == prepare.GetProperty("id").GetString() && e.GetProperty("to").GetString() == parts.GetProperty("id").GetString());
        Assert.Contains(Edges(graph, "used"), e => e.GetProperty("from").GetString() == parts.GetProperty("id").GetString() && e.GetProperty("to").GetString() == train.GetProperty("id").GetString());

        var raw = DataAt(graph, "data/raw.csv");
        Assert.Equal("pointer", raw.GetProperty("origin").GetString());
        var pointer = raw.GetProperty("pointers").EnumerateArray().Single();
        Assert.Equal("data/raw.csv.ari", pointer.GetProperty("path").GetString());
        Assert.Equal(rawCommit, pointer.GetProperty("commits").EnumerateArray().Single().GetProperty("commit").GetString());
        Assert.Equal("git", DataAt(graph, "prep.sh").GetProperty("origin").GetString());
        Assert.Equal("git", DataAt(graph, "train.sh").GetProperty("origin").GetString());
        Assert.Empty(graph.GetProperty("gaps").EnumerateArray());
        Assert.Empty(graph.GetProperty("cycles").EnumerateArray());
    }

    [Fact]
    public void A_pipeline_run_with_foreach_stages_reproduces_every_stage_with_the_same_output_hashes()
    {
        CreatePipeline(_ws);
        var pipelineRun = JsonDocument.Parse(_ws.CliOk("runs", "list", "-e", "pipelines", "--json").Out).RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("info").GetProperty("run_name").GetString() == "repro").GetProperty("info").GetProperty("run_id").GetString()!;

        var result = _ws.Cli("reproduce", pipelineRun, "--json");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var report = JsonDocument.Parse(result.Out);
        Assert.True(report.RootElement.GetProperty("reproduced").GetBoolean());
        var outputs = report.RootElement.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["prepare", "train@a", "train@b"], outputs.Select(o => o.GetProperty("scope").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(outputs, o => o.GetProperty("scope").GetString() == "train@a" && o.GetProperty("path").GetString()!.EndsWith("model-a.txt", StringComparison.Ordinal));
        Assert.All(outputs, o => Assert.True(o.GetProperty("matched").GetBoolean(), o.ToString()));
    }

    [Fact]
    public void Downstream_of_raw_data_lists_every_stage_run_and_output_derived_from_it_through_a_folder()
    {
        CreatePipeline(_ws);

        var fromRaw = Trace(_ws, "data/raw.csv", "--downstream");
        var fromPart = Trace(_ws, "data/parts/one.csv", "--downstream");

        foreach (var graph in new[] { fromRaw, fromPart })
        {
            Assert.Equal("downstream", graph.GetProperty("direction").GetString());
            var stages = Nodes(graph, "run").Select(r => r.GetProperty("stage").GetString()!).Order(StringComparer.Ordinal).ToList();
            Assert.Contains("train@a", stages);
            Assert.Contains("train@b", stages);
            Assert.Equal("run", DataAt(graph, "model-a.txt").GetProperty("origin").GetString());
            Assert.Equal("run", DataAt(graph, "model-b.txt").GetProperty("origin").GetString());
        }

        Assert.Contains("prepare", Nodes(fromRaw, "run").Select(r => r.GetProperty("stage").GetString()));
        Assert.Contains(Edges(fromPart, "part_of"), e => e.GetProperty("path").GetString() == "one.csv");
    }

    [Fact]
    public void Runs_made_with_ariadne_run_trace_back_with_command_params_seeds_git_and_environment()
    {
        var (clean, fit) = CreateRunChain(_ws);

        var graph = Trace(_ws, fit);
        var text = _ws.CliOk("lineage", fit).Out;

        var cleanRun = Nodes(graph, "run").Single(r => r.GetProperty("run_id").GetString() == clean);
        Assert.Equal("sh -c tr a-z A-Z < data/raw.csv > clean.csv", cleanRun.GetProperty("command").GetString()!.Replace("'", "", StringComparison.Ordinal));
        Assert.Equal("upper", cleanRun.GetProperty("params").GetProperty("mode").GetString());
        Assert.Equal("3", cleanRun.GetProperty("seeds").GetProperty("seed").GetString());
        Assert.Equal(_ws.Git("rev-parse HEAD").Trim(), cleanRun.GetProperty("git").GetProperty("commit").GetString());
        Assert.False(cleanRun.TryGetProperty("environment_from", out _));
        Assert.False(string.IsNullOrEmpty(cleanRun.GetProperty("environment").GetProperty("runtime").GetString()));
        Assert.Equal("run", DataAt(graph, "clean.csv").GetProperty("origin").GetString());
        Assert.Equal("pointer", DataAt(graph, "data/raw.csv").GetProperty("origin").GetString());
        Assert.Contains(Edges(graph, "generated"), e => e.GetProperty("from").GetString() == "run:" + fit && e.GetProperty("to").GetString() == DataAt(graph, "model.txt").GetProperty("id").GetString());
        Assert.Empty(graph.GetProperty("gaps").EnumerateArray());
        Assert.Contains("read:    train clean.csv", text, StringComparison.Ordinal);
        Assert.Contains("<- written by clean", text, StringComparison.Ordinal);
        Assert.Contains("pointer data/raw.csv.ari, added in", text, StringComparison.Ordinal);
        Assert.Contains("seeds:   seed=3", text, StringComparison.Ordinal);

        var downstream = Trace(_ws, "data/raw.csv", "--downstream");
        Assert.Equal(new HashSet<string> { clean, fit }, Nodes(downstream, "run").Select(r => r.GetProperty("run_id").GetString()!).ToHashSet());
    }

    [Fact]
    public void Bytes_that_no_run_wrote_and_no_pointer_tracks_are_named_as_a_gap()
    {
        var ghost = ContentHasher.HashBytes("bytes nobody recorded"u8).Hex;
        _ws.CliOk("run", "-n", "orphan", "-i", "train=" + ghost, "-o", "out.txt", "--", "sh", "-c", "echo x > out.txt");

        var graph = Trace(_ws, "out.txt");
        var text = _ws.CliOk("lineage", "out.txt").Out;
        var mermaid = _ws.CliOk("lineage", "out.txt", "--mermaid").Out;
        var dot = _ws.CliOk("lineage", "out.txt", "--dot").Out;

        var gap = graph.GetProperty("gaps").EnumerateArray().Single();
        Assert.Equal(ghost, gap.GetProperty("hash").GetString());
        Assert.Contains("no recorded run wrote these bytes", gap.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains($"GAP {ghost[..12]} (blake3 {ghost[..12]}): no recorded run wrote these bytes", text, StringComparison.Ordinal);
        Assert.StartsWith("flowchart LR\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("classDef gap", mermaid, StringComparison.Ordinal);
        Assert.Matches(@"class n\d+ gap", mermaid);
        Assert.StartsWith("digraph lineage {", dot, StringComparison.Ordinal);
        Assert.Contains("shape=cylinder", dot, StringComparison.Ordinal);
        Assert.Contains("style=\"dashed,filled\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_read_its_own_output_is_reported_as_a_cycle_and_the_walk_ends()
    {
        _ws.Write("state.txt", "state\n");
        _ws.CliOk("add", "state.txt");
        _ws.CliOk("run", "-n", "loop", "-i", "self=state.txt.ari", "-o", "state.txt", "--", "true");
        var loop = RunId(_ws, "loop");

        var graph = Trace(_ws, "state.txt");
        var text = _ws.CliOk("lineage", "state.txt").Out;
        var downstream = Trace(_ws, "state.txt", "--downstream");

        var cycle = graph.GetProperty("cycles").EnumerateArray().Single().EnumerateArray().Select(n => n.GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "run:" + loop, DataAt(graph, "state.txt").GetProperty("id").GetString() }, cycle);
        Assert.Contains("CYCLE in the recorded hashes", text, StringComparison.Ordinal);
        Assert.Contains("(a run read bytes it wrote itself)", text, StringComparison.Ordinal);
        Assert.Single(downstream.GetProperty("cycles").EnumerateArray());
    }

    [Fact]
    public void A_model_version_traces_back_through_its_run_and_downstream_lists_the_versions_registered_from_derived_runs()
    {
        var (clean, fit) = CreateRunChain(_ws);
        _ws.CliOk("models", "register", "counter", "--run", fit, "--path", "model.txt", "--alias", "champion");

        var graph = Trace(_ws, "models:/counter@champion");
        var text = _ws.CliOk("lineage", "models:/counter/1").Out;
        var downstream = Trace(_ws, "data/raw.csv", "--downstream");
        var unknownAlias = _ws.Cli("lineage", "models:/counter@nope");
        var unknownModel = _ws.Cli("export", "models:/nobody/1", "--prov", "nobody.json");

        // The version is the node at the top, registered from the fit run, and the walk goes on from that run to the raw data.
        var model = Nodes(graph, "model").Single();
        Assert.Equal("model:counter/1", model.GetProperty("id").GetString());
        Assert.Equal("models:/counter@champion", model.GetProperty("uri").GetString());
        Assert.Equal(fit, model.GetProperty("run_id").GetString());
        Assert.Equal("model:counter/1", graph.GetProperty("target").GetProperty("model").GetString());
        Assert.Equal("model", graph.GetProperty("nodes")[0].GetProperty("kind").GetString());
        Assert.Contains(Edges(graph, "registered"), e => e.GetProperty("from").GetString() == "run:" + fit && e.GetProperty("to").GetString() == "model:counter/1");
        Assert.Equal(new HashSet<string> { clean, fit }, Nodes(graph, "run").Select(r => r.GetProperty("run_id").GetString()!).ToHashSet());
        Assert.Equal("pointer", DataAt(graph, "data/raw.csv").GetProperty("origin").GetString());
        Assert.Contains($"model counter version 1 (models:/counter/1) from run {fit}", text, StringComparison.Ordinal);
        Assert.Contains("<- written by clean", text, StringComparison.Ordinal);

        // Downstream of the raw data, the walk ends in the version registered from the run it reached.
        var registered = Nodes(downstream, "model").Single();
        Assert.Equal("models:/counter/1", registered.GetProperty("uri").GetString());
        Assert.Contains(Edges(downstream, "registered"), e => e.GetProperty("from").GetString() == "run:" + fit && e.GetProperty("to").GetString() == "model:counter/1");
        Assert.Equal(["model:counter/1"], Nodes(Trace(_ws, clean, "--downstream"), "model").Select(m => m.GetProperty("id").GetString()));

        Assert.NotEqual(0, unknownAlias.ExitCode);
        Assert.Contains("models:/counter@nope names no model version: Registered model 'counter' has no alias 'nope'.", unknownAlias.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, unknownModel.ExitCode);
        Assert.Contains("models:/nobody/1 names no model version: No registered model named 'nobody'.", unknownModel.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("nobody.json")));
    }

    [Fact]
    public void Lineage_says_what_was_wrong_with_a_target_it_cannot_read()
    {
        var unknown = _ws.Cli("lineage", "no-such-run-or-file");
        var model = _ws.Cli("lineage", "models:/penguins@champion");
        var untrackedFolder = Directory.CreateDirectory(_ws.Path("loose")).FullName;
        var folder = _ws.Cli("lineage", "loose");
        var formats = _ws.Cli("lineage", "x", "--json", "--dot");
        var export = _ws.Cli("export", "x");

        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("'no-such-run-or-file' is neither a run id in this store, a file or tracked path here, a content hash", unknown.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, model.ExitCode);
        Assert.Contains("models:/penguins@champion", model.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(untrackedFolder));
        Assert.Contains("is a folder that neither a pointer file nor ariadne.lock tracks", folder.Error, StringComparison.Ordinal);
        Assert.Contains("Choose one of --json, --mermaid and --dot.", formats.Error, StringComparison.Ordinal);
        Assert.Contains("--ro-crate DIR (or FILE.zip) and/or --prov FILE.json", export.Error, StringComparison.Ordinal);
    }
}
