using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>Ariadne's own endpoints under /api/ariadne/: inputs by content hash, environment records, OR/IN search, exactly-once batches.</summary>
public sealed class AriadneApiTests : SqliteServerTest
{
    private const string Hash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    private Task<ApiReply> PostAsync(string action, string json) => Api.SendAsync(HttpMethod.Post, "api/ariadne/" + action, json);

    [Fact]
    public async Task Runs_are_created_by_experiment_name_with_a_client_chosen_id_idempotently()
    {
        var first = (await PostAsync("runs/create", """{"experiment_name": "by-name", "run_id": "0123456789abcdef0123456789abcdef", "run_name": "r"}""")).EnsureOk();
        var again = (await PostAsync("runs/create", """{"experiment_name": "by-name", "run_id": "0123456789abcdef0123456789abcdef", "run_name": "r"}""")).EnsureOk();

        Assert.Equal("0123456789abcdef0123456789abcdef", first["run"].GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal(first["run"].GetProperty("info").GetProperty("experiment_id").GetString(), again["run"].GetProperty("info").GetProperty("experiment_id").GetString());
        Assert.NotNull(await Api.Store.GetExperimentByNameAsync("by-name", default));
    }

    [Fact]
    public async Task Inputs_by_content_hash_are_recorded_and_found_by_hash()
    {
        var info = (await PostAsync("runs/create", """{"experiment_name": "data"}""")).EnsureOk()["run"].GetProperty("info");
        var runId = info.GetProperty("run_id").GetString();
        var experimentId = info.GetProperty("experiment_id").GetString();

        (await PostAsync("runs/log-inputs", $$"""{"run_id": "{{runId}}", "inputs": [{"hash": "{{Hash}}", "role": "train", "pointer_path": "data/train.csv.ari"}]}""")).EnsureOk();
        var inputs = (await Api.SendAsync(HttpMethod.Get, $"api/ariadne/runs/inputs?run_id={runId}", null)).EnsureOk();
        var uses = (await Api.SendAsync(HttpMethod.Get, $"api/ariadne/datasets/uses?hash={Hash}", null)).EnsureOk();
        var search = (await PostAsync("runs/search", $$"""{"experiment_ids": ["{{experimentId}}"], "filter": "datasets.hash = '{{Hash}}' and datasets.role IN ('train', 'test')"}""")).EnsureOk();

        Assert.Equal("train", inputs["inputs"][0].GetProperty("role").GetString());
        Assert.Equal("data/train.csv.ari", inputs["inputs"][0].GetProperty("pointer_path").GetString());
        Assert.Equal(runId, uses["uses"][0].GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal(runId, search["runs"][0].GetProperty("info").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Environment_records_are_the_ariadne_tags_and_record_artifacts()
    {
        var runId = (await PostAsync("runs/create", """{"experiment_name": "env", "tags": [{"key": "ariadne.host", "value": "node-7"}, {"key": "user.tag", "value": "x"}]}""")).EnsureOk()["run"].GetProperty("info").GetProperty("run_id").GetString();
        (await PostAsync("runs/log-artifacts", $$"""{"run_id": "{{runId}}", "artifacts": [{"path": "environment.json", "hash": "{{Hash}}", "size": 10}]}""")).EnsureOk();

        var environment = (await Api.SendAsync(HttpMethod.Get, $"api/ariadne/runs/environment?run_id={runId}", null)).EnsureOk();

        Assert.Equal(["ariadne.host"], environment["environment"].EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal("environment.json", environment["records"][0].GetProperty("path").GetString());
        AssertError(await PostAsync("runs/log-artifacts", $$"""{"run_id": "{{runId}}", "artifacts": [{"path": "../x", "hash": "{{Hash}}", "size": 1}]}"""), 400);
    }

    [Fact]
    public async Task A_sequenced_batch_sent_twice_is_applied_once()
    {
        var runId = (await PostAsync("runs/create", """{"experiment_name": "once"}""")).EnsureOk()["run"].GetProperty("info").GetProperty("run_id").GetString();
        var batch = $$"""{"run_id": "{{runId}}", "client_id": "c1", "sequence": 1, "metrics": [{"key": "loss", "value": 1, "timestamp": 1, "step": 0}]}""";

        var first = (await PostAsync("runs/log-batch", batch)).EnsureOk();
        var replay = (await PostAsync("runs/log-batch", batch)).EnsureOk();
        var otherClient = (await PostAsync("runs/log-batch", batch.Replace("\"c1\"", "\"c2\"", StringComparison.Ordinal).Replace("\"value\": 1", "\"value\": 2", StringComparison.Ordinal))).EnsureOk();

        Assert.True(first["applied"].GetBoolean());
        Assert.False(replay["applied"].GetBoolean());
        Assert.True(otherClient["applied"].GetBoolean());
        Assert.Equal(2, (await Api.Store.GetMetricHistoryAsync(runId!, "loss", default)).Count);
    }

    private static void AssertError(ApiReply reply, int status)
    {
        Assert.Equal(status, reply.Status);
        Assert.False(string.IsNullOrEmpty(reply.ErrorCode));
    }
}
