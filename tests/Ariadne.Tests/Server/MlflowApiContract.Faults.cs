using System.Text;
using System.Text.Json;

namespace Ariadne.Tests.Server;

public abstract partial class MlflowApiContract
{
    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"name\": [\"a\"]}")]
    [InlineData("{\"name\": \"x\", \"tags\": \"oops\"}")]
    public async Task Malformed_json_is_400_with_an_mlflow_error_body(string body)
    {
        var reply = await Api.PostAsync("experiments/create", body);

        Assert.Equal(400, reply.Status);
        Assert.Contains(reply.ErrorCode, new[] { "BAD_REQUEST", "INVALID_PARAMETER_VALUE" });
        var listed = (await Api.PostAsync("experiments/search", "{\"view_type\": \"ALL\"}")).EnsureOk();
        Assert.Equal(1, listed["experiments"].GetArrayLength());
    }

    [Fact]
    public async Task Missing_required_fields_are_invalid_parameter_value_naming_the_field()
    {
        var runId = await CreateRunAsync("0");

        var noRun = await Api.PostAsync("runs/log-metric", """{"key": "a", "value": 1, "timestamp": 1}""");
        var noTimestamp = await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "a", "value": 1}""");
        var noName = await Api.PostAsync("experiments/create", "{}");

        AssertError(noRun, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("run_id", noRun["message"].GetString(), StringComparison.Ordinal);
        AssertError(noTimestamp, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("timestamp", noTimestamp["message"].GetString(), StringComparison.Ordinal);
        AssertError(noName, 400, "INVALID_PARAMETER_VALUE");
    }

    [Theory]
    [InlineData(1001, 0, 0)]
    [InlineData(0, 101, 0)]
    [InlineData(0, 0, 101)]
    [InlineData(900, 100, 1)]
    public async Task Batches_over_mlflows_limits_are_refused_and_nothing_is_written(int metrics, int parameters, int tags)
    {
        var runId = await CreateRunAsync("0");
        var body = JsonSerializer.Serialize(new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = "m", value = 1.0, timestamp = 1L, step = i }),
            @params = Enumerable.Range(0, parameters).Select(i => new { key = $"p{i}", value = "v" }),
            tags = Enumerable.Range(0, tags).Select(i => new { key = $"t{i}", value = "v" }),
        });

        AssertError(await Api.PostAsync("runs/log-batch", body), 400, "INVALID_PARAMETER_VALUE");

        var data = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"].GetProperty("data");
        Assert.Equal(0, data.GetProperty("metrics").GetArrayLength());
        Assert.Equal(0, data.GetProperty("params").GetArrayLength());
        Assert.DoesNotContain(KeyValues(data.GetProperty("tags")).Keys, k => k.StartsWith('t') && k.Length <= 4);
    }

    [Fact]
    public async Task Oversized_bodies_are_413_and_nothing_is_written()
    {
        var runId = await CreateRunAsync("0");
        var huge = new StringBuilder($$"""{"run_id": "{{runId}}", "params": [{"key": "p", "value": "v"}], "padding": " """);
        huge.Append('x', 9 << 20).Append("\"}");

        var declared = await Api.PostAsync("runs/log-batch", huge.ToString());
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge.ToString()))),
        };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var streamed = await Api.SendAsync(chunked);

        AssertError(declared, 413, "INVALID_PARAMETER_VALUE");
        AssertError(streamed, 413, "INVALID_PARAMETER_VALUE");
        var data = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"].GetProperty("data");
        Assert.Equal(0, data.GetProperty("params").GetArrayLength());
    }

    [Theory]
    [InlineData("params.lr = '1' OR 1=1")]
    [InlineData("params.lr = '1'; DROP TABLE runs; --")]
    [InlineData("params.lr = '' OR '1'='1'")]
    [InlineData("tags.`x' OR 1=1 --` = 'a'")]
    [InlineData("attributes.run_name = 'a' UNION SELECT * FROM params --")]
    [InlineData("metrics.acc > 0 OR 1=1) --")]
    public async Task Sql_injection_through_the_filter_matches_nothing_or_is_refused_and_harms_nothing(string filter)
    {
        var experiment = await CreateExperimentAsync("injection");
        var runId = await CreateRunAsync(experiment, "victim");
        (await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.5"}""")).EnsureOk();

        var reply = await Api.PostAsync("runs/search", JsonSerializer.Serialize(new { experiment_ids = new[] { experiment }, filter }));

        if (reply.Status == 200)
        {
            Assert.True(!reply.Body.TryGetProperty("runs", out var runs) || runs.GetArrayLength() == 0, reply.Text);
        }
        else
        {
            AssertError(reply, 400, "INVALID_PARAMETER_VALUE");
        }

        var still = (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk()["run"];
        Assert.Equal("0.5", KeyValues(still.GetProperty("data").GetProperty("params"))["lr"]);
        var all = (await Api.PostAsync("runs/search", JsonSerializer.Serialize(new { experiment_ids = new[] { experiment } }))).EnsureOk();
        Assert.Equal(1, all["runs"].GetArrayLength());
    }

    [Theory]
    [InlineData("metrics.acc; DROP TABLE runs")]
    [InlineData("attributes.start_time DESC, (SELECT 1)")]
    [InlineData("params.`lr` DESC; --")]
    [InlineData("run_id) --")]
    public async Task Sql_injection_through_order_by_is_refused(string orderBy)
    {
        var experiment = await CreateExperimentAsync("order-injection");
        var runId = await CreateRunAsync(experiment, "victim");

        var reply = await Api.PostAsync("runs/search", JsonSerializer.Serialize(new { experiment_ids = new[] { experiment }, order_by = new[] { orderBy } }));

        AssertError(reply, 400, "INVALID_PARAMETER_VALUE");
        (await Api.GetAsync("runs/get", "run_id=" + runId)).EnsureOk();
    }

    [Fact]
    public async Task Invalid_enum_values_page_tokens_and_numbers_are_400()
    {
        var runId = await CreateRunAsync("0");

        AssertError(await Api.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": "DONE"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("runs/search", """{"experiment_ids": ["0"], "run_view_type": "SOME"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("experiments/search", """{"page_token": "garbage!"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("runs/search", """{"experiment_ids": ["0"], "max_results": 50001}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Equal(400, (await Api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "a", "value": "abc", "timestamp": 1}""")).Status);
    }
}
