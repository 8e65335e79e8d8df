using System.IO.Compression;
using System.Text.Json;
using Ariadne.Tests.Support;
using static Ariadne.Tests.Lineage.LineageWorkspaces;

namespace Ariadne.Tests.Lineage;

/// <summary>
/// 'ariadne export' read back by readers nobody here wrote: the npm package ro-crate loads the RO-Crate and finds
/// every entity; the W3C PROV library for Python (python3-prov) reads the PROV-JSON and every relation's endpoints exist.
/// </summary>
public sealed class ProvenanceExportTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    [Trait(Service.Trait, Service.Node)]
    public async Task The_ro_crate_of_a_pipeline_output_loads_in_the_ro_crate_package_with_every_entity_one_action_per_run_and_the_data_included()
    {
        CreatePipeline(_ws);
        var graph = Trace(_ws, "model-a.txt");

        var printed = _ws.CliOk("export", "model-a.txt", "--ro-crate", "crate").Out;
        _ws.CliOk("export", "model-a.txt", "--ro-crate", "out/crate.zip");
        var crate = await RoCrateReader.ReadAsync(_ws.Path("crate"));
        var unzipped = _ws.Path("unzipped");
        ZipFile.ExtractToDirectory(_ws.Path("out/crate.zip"), unzipped);
        var fromZip = await RoCrateReader.ReadAsync(unzipped);

        Assert.Contains("RO-Crate: crate (2 run(s)", printed, StringComparison.Ordinal);
        foreach (var read in new[] { crate, fromZip })
        {
            Assert.Equal(read.GetProperty("entities").GetInt32(), read.GetProperty("found").GetInt32());
            Assert.Empty(read.GetProperty("dangling").EnumerateArray());
            Assert.Empty(read.GetProperty("errors").EnumerateArray());
            Assert.Empty(read.GetProperty("undescribed").EnumerateArray());
        }

        Assert.Equal("ariadne.yaml", crate.GetProperty("mainEntity").GetString());
        Assert.Contains("https://w3id.org/ro/wfrun/provenance/0.5", crate.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        var actions = crate.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(Nodes(graph, "run").Select(r => "#run-" + r.GetProperty("run_id").GetString()).Order(StringComparer.Ordinal), actions.Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(actions, a =>
        {
            Assert.Single(a.GetProperty("instrument").EnumerateArray());
            Assert.False(string.IsNullOrEmpty(a.GetProperty("startTime").GetString()));
            Assert.False(string.IsNullOrEmpty(a.GetProperty("endTime").GetString()));
            Assert.StartsWith("#person-", a.GetProperty("agent").GetString(), StringComparison.Ordinal);
        });
        var modelHash = DataAt(graph, "model-a.txt").GetProperty("hash").GetString()!;
        var train = actions.Single(a => a.GetProperty("result").EnumerateArray().Any(r => r.GetString() == $"data/{modelHash}/model-a.txt"));
        Assert.Equal("#stage-train%40a", train.GetProperty("instrument")[0].GetString());
        Assert.Contains(train.GetProperty("object").EnumerateArray(), o => o.GetString()!.EndsWith("/parts/", StringComparison.Ordinal));
        Assert.Contains(train.GetProperty("object").EnumerateArray(), o => o.GetString()!.StartsWith("#param-", StringComparison.Ordinal));
        Assert.Equal(_ws.Read("model-a.txt"), File.ReadAllText(Path.Combine(_ws.Path("crate"), "data", modelHash, "model-a.txt")));
        Assert.True(File.Exists(Path.Combine(_ws.Path("crate"), "ariadne.yaml")));
    }

    [Fact]
    [Trait(Service.Trait, Service.Node)]
    public async Task The_ro_crate_of_ariadne_run_runs_is_a_process_run_crate_the_package_reads_whole()
    {
        var (_, fit) = CreateRunChain(_ws);

        _ws.CliOk("export", fit, "--ro-crate", "crate");
        var crate = await RoCrateReader.ReadAsync(_ws.Path("crate"));

        Assert.Equal(crate.GetProperty("entities").GetInt32(), crate.GetProperty("found").GetInt32());
        Assert.Empty(crate.GetProperty("dangling").EnumerateArray());
        Assert.Empty(crate.GetProperty("errors").EnumerateArray());
        Assert.Equal(["https://w3id.org/ro/wfrun/process/0.5"], crate.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, crate.GetProperty("actions").GetArrayLength());
        Assert.All(crate.GetProperty("actions").EnumerateArray(), a => Assert.StartsWith("#command-", a.GetProperty("instrument")[0].GetString(), StringComparison.Ordinal));
    }

    [Fact]
    [Trait(Service.Trait, Service.Node)]
    [Trait(Service.Trait, Service.Python)]
    public async Task A_model_version_exports_with_the_version_as_its_runs_result_and_both_readers_take_it_whole()
    {
        var (_, fit) = CreateRunChain(_ws);
        _ws.CliOk("models", "register", "counter", "--run", fit, "--path", "model.txt", "--alias", "champion");

        _ws.CliOk("export", "models:/counter@champion", "--ro-crate", "crate", "--prov", "prov.json");

        var crate = await RoCrateReader.ReadAsync(_ws.Path("crate"));
        Assert.Equal(crate.GetProperty("entities").GetInt32(), crate.GetProperty("found").GetInt32());
        Assert.Empty(crate.GetProperty("dangling").EnumerateArray());
        Assert.Empty(crate.GetProperty("errors").EnumerateArray());
        var entities = JsonDocument.Parse(File.ReadAllText(_ws.Path("crate/ro-crate-metadata.json"))).RootElement.GetProperty("@graph").EnumerateArray().ToList();
        var version = entities.Single(e => e.GetProperty("@id").GetString() == "#model-counter-1");
        Assert.Equal("models:/counter/1", version.GetProperty("identifier").GetString());
        Assert.Equal("models:/counter@champion", version.GetProperty("alternateName").GetString());
        var action = entities.Single(e => e.GetProperty("@id").GetString() == "#run-" + fit);
        Assert.Contains(action.GetProperty("result").EnumerateArray(), r => r.GetProperty("@id").GetString() == "#model-counter-1");
        Assert.Contains(entities.Single(e => e.GetProperty("@id").GetString() == "./").GetProperty("mentions").EnumerateArray(), r => r.GetProperty("@id").GetString() == "#model-counter-1");

        var prov = await ProvReader.ReadAsync(_ws.Path("prov.json"));
        Assert.Empty(prov.GetProperty("problems").EnumerateArray());
        Assert.Contains("ariadne:model-counter-1", prov.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        var written = JsonDocument.Parse(File.ReadAllText(_ws.Path("prov.json"))).RootElement;
        Assert.Equal("models:/counter@champion", written.GetProperty("entity").GetProperty("ariadne:model-counter-1").GetProperty("prov:label").GetString());
        Assert.Contains(written.GetProperty("wasGeneratedBy").EnumerateObject(), g => g.Value.GetProperty("prov:entity").GetString() == "ariadne:model-counter-1" && g.Value.GetProperty("prov:activity").GetString() == "run:" + fit);
    }

    [Fact]
    [Trait(Service.Trait, Service.Python)]
    public async Task The_prov_json_reads_in_the_w3c_prov_library_and_every_relation_joins_records_that_exist()
    {
        CreatePipeline(_ws);
        var graph = Trace(_ws, "model-a.txt");

        _ws.CliOk("export", "model-a.txt", "--prov", "prov.json");
        var prov = await ProvReader.ReadAsync(_ws.Path("prov.json"));

        Assert.Empty(prov.GetProperty("problems").EnumerateArray());
        Assert.Equal(Nodes(graph, "data").Select(d => "blake3:" + d.GetProperty("hash").GetString()).Order(StringComparer.Ordinal), prov.GetProperty("entities").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(Nodes(graph, "run").Select(r => "run:" + r.GetProperty("run_id").GetString()).Order(StringComparer.Ordinal), prov.GetProperty("activities").EnumerateArray().Select(e => e.GetString()!));
        Assert.NotEmpty(prov.GetProperty("agents").EnumerateArray());
        var relations = prov.GetProperty("relations");
        Assert.Equal(Edges(graph, "used").Count(), relations.GetProperty("prov:Usage").GetInt32());
        Assert.Equal(Edges(graph, "generated").Count(), relations.GetProperty("prov:Generation").GetInt32());
        Assert.Equal(2, relations.GetProperty("prov:Association").GetInt32());
        Assert.True(relations.GetProperty("prov:Derivation").GetInt32() >= 2);
        Assert.True(prov.GetProperty("roundtrip").GetInt32() > 0);
    }

    [Fact]
    public void Export_refuses_to_write_over_an_existing_crate_or_prov_file()
    {
        var (_, fit) = CreateRunChain(_ws);
        _ws.Write("taken/file.txt", "x");
        _ws.Write("prov.json", "{}");

        var crate = _ws.Cli("export", fit, "--ro-crate", "taken");
        var prov = _ws.Cli("export", fit, "--prov", "prov.json");

        Assert.NotEqual(0, crate.ExitCode);
        Assert.Contains("'" + _ws.Path("taken") + "' exists and is not empty", crate.Error, StringComparison.Ordinal);
        Assert.Contains("'prov.json' exists", prov.Error, StringComparison.Ordinal);
        Assert.Equal("{}", _ws.Read("prov.json"));
    }
}
