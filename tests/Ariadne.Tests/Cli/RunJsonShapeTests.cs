using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Tests.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Cli;

/// <summary>
/// One JSON shape for a run: <c>ariadne runs show --json</c> and <c>runs list --json</c> describe a run exactly as the
/// REST API (<c>runs/get</c>, <c>runs/search</c>) of a server over the same store does, field for field and value for value.
/// </summary>
public sealed class RunJsonShapeTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public async Task The_clis_json_for_a_run_equals_the_run_object_of_the_rest_api()
    {
        string parentId, childId;
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await using var parent = await tracking.StartNewRunAsync("shape", "parent", null, new Dictionary<string, string> { ["team"] = "vision" });
            parentId = parent.RunId;
            await parent.LogParamAsync("lr", 0.01);
            parent.LogMetric("loss", 0.5, step: 0);
            parent.LogMetric("loss", 0.25, step: 1);
            parent.LogMetric("diverged", double.NaN);
            await tracking.Store.LogInputsAsync(parentId, [new RunInput(new string('a', 64), "training", "data/penguins.csv.ari", "penguins", "v1")], default);
            await using var child = await tracking.StartNewRunAsync("shape", "child", parentId);
            childId = child.RunId;
            await child.EndAsync(RunStatus.Failed);
            await parent.EndAsync();
        }

        await using var store = TrackingStoreRegistry.Open("sqlite:///" + _ws.Open().DatabaseFile.TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(store);

        foreach (var runId in new[] { parentId, childId })
        {
            var rest = JsonNode.Parse(await server.Http.GetStringAsync("api/2.0/mlflow/runs/get?run_id=" + runId))!["run"];
            var cli = JsonNode.Parse(_ws.CliOk("runs", "show", runId, "--json").Out)!["run"];

            Assert.True(JsonNode.DeepEquals(rest, cli), $"ariadne runs show --json:\n{cli}\nGET runs/get:\n{rest}");
        }

        var shown = JsonNode.Parse(_ws.CliOk("runs", "show", parentId, "--json").Out)!;
        Assert.Equal("FINISHED", (string?)shown["run"]!["info"]!["status"]);
        Assert.Contains(shown["run"]!["data"]!["params"]!.AsArray(), p => (string?)p!["key"] == "lr" && (string?)p["value"] == "0.01");
        Assert.Contains(shown["run"]!["data"]!["metrics"]!.AsArray(), m => (string?)m!["key"] == "diverged" && (string?)m["value"] == "NaN");
        var input = shown["run"]!["inputs"]!["dataset_inputs"]![0]!;
        Assert.Equal("penguins", (string?)input["dataset"]!["name"]);
        Assert.Contains(input["tags"]!.AsArray(), t => (string?)t!["key"] == "ariadne.dataset.version" && (string?)t["value"] == "v1");
        var shownChild = JsonNode.Parse(_ws.CliOk("runs", "show", childId, "--json").Out)!["run"]!;
        Assert.Contains(shownChild["data"]!["tags"]!.AsArray(), t => (string?)t!["key"] == "mlflow.parentRunId" && (string?)t["value"] == parentId);

        var experimentId = (string)shown["run"]!["info"]!["experiment_id"]!;
        using var search = await server.Http.PostAsync("api/2.0/mlflow/runs/search", new StringContent($$"""{"experiment_ids": ["{{experimentId}}"]}""", Encoding.UTF8, "application/json"));
        var searched = ById(JsonNode.Parse(await search.Content.ReadAsStringAsync())!["runs"]!);
        var listed = ById(JsonNode.Parse(_ws.CliOk("runs", "list", "-e", "shape", "--json").Out)!["runs"]!);
        Assert.Equal(2, listed.Count);
        Assert.Equal(searched.Keys.Order(), listed.Keys.Order());
        Assert.All(listed, run => Assert.True(JsonNode.DeepEquals(searched[run.Key], run.Value), $"ariadne runs list --json:\n{run.Value}\nruns/search:\n{searched[run.Key]}"));
    }

    private static Dictionary<string, JsonNode> ById(JsonNode runs) =>
        runs.AsArray().ToDictionary(r => (string)r!["info"]!["run_id"]!, r => r!);

    public void Dispose() => _ws.Dispose();
}
