using System.Text.Json;

namespace Ariadne.Tests.Server;

public abstract partial class MlflowApiContract
{
    [Fact]
    public async Task Run_is_created_logged_to_and_read_back_in_mlflow_shape()
    {
        var experiment = await CreateExperimentAsync("runs");
        var created = (await Api.PostAsync("runs/create", $$"""
            {"experiment_id": "{{experiment}}", "user_id": "ada", "run_name": "baseline", "start_time": "1700000000000",
             "tags": [{"key": "model", "value": "tree"}]}
            """)).EnsureOk()["run"];
        var runId = created.GetProperty("info").GetProperty("run_id").GetString()!;

        (await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.01"}""")).EnsureOk();
        (await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 0.5, "timestamp": 1700000000001, "step": 0}""")).EnsureOk();
        (await Api.PostAsync("runs/log-metric", $$"""{"run_uuid": "{{runId}}", "key": "loss", "value": "0.25", "timestamp": "1700000000002", "step": "1"}""")).EnsureOk();
        (await Api.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "stage", "value": "dev"}""")).EnsureOk();
        (await Api.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "temp", "value": "x"}""")).EnsureOk();
        (await Api.PostAsync("runs/delete-tag", $$"""{"run_id": "{{runId}}", "key": "temp"}""")).EnsureOk();
        var updated = (await Api.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED", "end_time": 1700000000100}""")).EnsureOk()["run_info"];
        var run = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"];

        Assert.Equal("RUNNING", created.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal("FINISHED", updated.GetProperty("status").GetString());
        var info = run.GetProperty("info");
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal("baseline", info.GetProperty("run_name").GetString());
        Assert.Equal(experiment, info.GetProperty("experiment_id").GetString());
        Assert.Equal("ada", info.GetProperty("user_id").GetString());
        Assert.Equal(1_700_000_000_000, info.GetProperty("start_time").GetInt64());
        Assert.Equal(1_700_000_000_100, info.GetProperty("end_time").GetInt64());
        Assert.Equal($"mlflow-artifacts:/{experiment}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());
        var data = run.GetProperty("data");
        Assert.Equal("0.01", KeyValues(data.GetProperty("params"))["lr"]);
        var tags = KeyValues(data.GetProperty("tags"));
        Assert.Equal("tree", tags["model"]);
        Assert.Equal("dev", tags["stage"]);
        Assert.False(tags.ContainsKey("temp"));
        var loss = Assert.Single(data.GetProperty("metrics").EnumerateArray());
        Assert.Equal(0.25, loss.GetProperty("value").GetDouble());
        Assert.Equal(1, loss.GetProperty("step").GetInt64());
    }

    [Fact]
    public async Task Status_accepts_protobuf_numbers_and_unknown_fields_are_ignored()
    {
        var runId = await CreateRunAsync("0");

        (await Api.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": 4, "future_field": {"nested": [1, 2]}, "another": null}""")).EnsureOk();
        var run = (await Api.PostAsync("runs/get", $$"""{"run_uuid": "{{runId}}", "extra": true}""")).EnsureOk()["run"];

        Assert.Equal("FAILED", run.GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Log_batch_writes_metrics_params_and_tags_and_history_returns_every_point()
    {
        var runId = await CreateRunAsync("0");
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = "acc", value = i / 1000.0, timestamp = 1_700_000_000_000L + i, step = i });
        var body = JsonSerializer.Serialize(new
        {
            run_id = runId,
            metrics = metrics.Take(998),
            @params = new[] { new { key = "depth", value = "3" } },
            tags = new[] { new { key = "kind", value = "forest" } },
        });

        (await Api.PostAsync("runs/log-batch", body)).EnsureOk();
        (await Api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "acc", "value": "NaN", "timestamp": 1, "step": 998}, {"key": "acc", "value": "Infinity", "timestamp": 2, "step": 999}]}""")).EnsureOk();
        var history = (await Api.GetAsync("metrics/get-history", $"run_id={runId}&metric_key=acc")).EnsureOk()["metrics"];
        var page = (await Api.GetAsync("metrics/get-history", $"run_id={runId}&metric_key=acc&max_results=600")).EnsureOk();
        var rest = (await Api.GetAsync("metrics/get-history", $"run_id={runId}&metric_key=acc&max_results=600&page_token={Uri.EscapeDataString(page["next_page_token"].GetString()!)}")).EnsureOk();
        var run = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"].GetProperty("data");

        Assert.Equal(1000, history.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), history.EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        Assert.Equal("NaN", history[998].GetProperty("value").GetString());
        Assert.Equal("Infinity", history[999].GetProperty("value").GetString());
        Assert.Equal(600, page["metrics"].GetArrayLength());
        Assert.Equal(400, rest["metrics"].GetArrayLength());
        Assert.Equal("3", KeyValues(run.GetProperty("params"))["depth"]);
        Assert.Equal("forest", KeyValues(run.GetProperty("tags"))["kind"]);
    }

    [Fact]
    public async Task Log_batch_sent_three_times_stores_each_point_once()
    {
        var runId = await CreateRunAsync("0");
        var body = $$"""{"run_id": "{{runId}}", "metrics": [{"key": "loss", "value": 0.25, "timestamp": 1700000000000, "step": 3}, {"key": "loss", "value": "NaN", "timestamp": 1700000000001, "step": 4}]}""";

        for (var i = 0; i < 3; i++)
        {
            (await Api.PostAsync("runs/log-batch", body)).EnsureOk();
        }

        (await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 0.25, "timestamp": 1700000000000, "step": 3}""")).EnsureOk();
        (await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 0.5, "timestamp": 1700000000000, "step": 3}""")).EnsureOk();
        var history = (await Api.GetAsync("metrics/get-history", $"run_id={runId}&metric_key=loss")).EnsureOk()["metrics"];

        Assert.Equal(
            ["3@1700000000000=0.25", "3@1700000000000=0.5", "4@1700000000001=NaN"],
            history.EnumerateArray().Select(m => $"{m.GetProperty("step").GetInt64()}@{m.GetProperty("timestamp").GetInt64()}={m.GetProperty("value")}"));
    }

    [Fact]
    public async Task Changing_a_logged_param_is_invalid_parameter_value()
    {
        var runId = await CreateRunAsync("0");
        (await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.1"}""")).EnsureOk();

        (await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.1"}""")).EnsureOk();
        AssertError(await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.2"}"""), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Run_search_uses_the_full_filter_grammar_orders_and_pages()
    {
        var experiment = await CreateExperimentAsync("search");
        for (var i = 0; i < 5; i++)
        {
            var runId = await CreateRunAsync(experiment, $"run-{i}", 1_700_000_000_000 + i);
            (await Api.PostAsync("runs/log-batch", $$"""
                {"run_id": "{{runId}}", "metrics": [{"key": "acc", "value": {{0.5 + (i / 10.0)}}, "timestamp": 1, "step": 0}],
                 "params": [{"key": "lr", "value": "{{(i % 2 == 0 ? "0.01" : "0.1")}}"}], "tags": [{"key": "model", "value": "{{(i < 3 ? "tree" : "net")}}"}]}
                """)).EnsureOk();
        }

        var filtered = (await Api.PostAsync("runs/search", $$"""
            {"experiment_ids": ["{{experiment}}"], "filter": "metrics.acc > 0.55 and (params.lr = '0.01' or tags.model IN ('net'))", "order_by": ["metrics.acc DESC"]}
            """)).EnsureOk();
        var first = (await Api.PostAsync("runs/search", $$"""{"experiment_ids": [{{experiment}}], "max_results": 2, "order_by": ["attributes.start_time ASC"]}""")).EnsureOk();
        var next = (await Api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experiment}}"], "max_results": 2, "order_by": ["attributes.start_time ASC"], "page_token": "{{first["next_page_token"].GetString()}}"}""")).EnsureOk();
        var bad = await Api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experiment}}"], "filter": "metrics.acc >> 1"}""");

        Assert.Equal(["run-4", "run-3", "run-2"], Names(filtered));
        Assert.Equal(["run-0", "run-1"], Names(first));
        Assert.Equal(["run-2", "run-3"], Names(next));
        AssertError(bad, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("position", bad["message"].GetString(), StringComparison.Ordinal);

        static IEnumerable<string?> Names(ApiReply reply) =>
            reply["runs"].EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString());
    }

    [Fact]
    public async Task Deleted_runs_leave_the_default_search_and_come_back_on_restore()
    {
        var experiment = await CreateExperimentAsync("lifecycle");
        var runId = await CreateRunAsync(experiment, "doomed");

        (await Api.PostAsync("runs/delete", $$"""{"run_id": "{{runId}}"}""")).EnsureOk();
        var active = (await Api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experiment}}"]}""")).EnsureOk();
        var deleted = (await Api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experiment}}"], "run_view_type": "DELETED_ONLY"}""")).EnsureOk();
        (await Api.PostAsync("runs/restore", $$"""{"run_id": "{{runId}}"}""")).EnsureOk();
        var restored = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"].GetProperty("info");

        Assert.True(!active.Body.TryGetProperty("runs", out var runs) || runs.GetArrayLength() == 0);
        Assert.Equal(1, deleted["runs"].GetArrayLength());
        Assert.Equal("active", restored.GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task Log_inputs_records_datasets_returned_with_the_run()
    {
        var runId = await CreateRunAsync("0");

        (await Api.PostAsync("runs/log-inputs", $$"""
            {"run_id": "{{runId}}", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
              "dataset": {"name": "penguins", "digest": "a1b2c3d4", "source_type": "local", "source": "data/penguins.csv", "schema": "x"} }]}
            """)).EnsureOk();
        var inputs = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"].GetProperty("inputs").GetProperty("dataset_inputs");

        var input = Assert.Single(inputs.EnumerateArray());
        Assert.Equal("a1b2c3d4", input.GetProperty("dataset").GetProperty("digest").GetString());
        Assert.Equal("training", KeyValues(input.GetProperty("tags"))["mlflow.data.context"]);
    }

    [Fact]
    public async Task Unknown_runs_are_resource_does_not_exist_everywhere()
    {
        const string missing = "0123456789abcdef0123456789abcdef";
        AssertError(await Api.GetAsync("runs/get", "run_id=" + missing), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("runs/update", $$"""{"run_id": "{{missing}}", "status": "FINISHED"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{missing}}", "key": "a", "value": 1, "timestamp": 1}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("runs/log-batch", $$"""{"run_id": "{{missing}}", "params": [{"key": "a", "value": "1"}]}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("runs/delete", $$"""{"run_id": "{{missing}}"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.GetAsync("metrics/get-history", $"run_id={missing}&metric_key=a"), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.GetAsync("artifacts/list", "run_id=" + missing), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.SendAsync(HttpMethod.Post, "api/2.0/mlflow/runs/no-such-endpoint", "{}"), 404, "ENDPOINT_NOT_FOUND");
    }
}
