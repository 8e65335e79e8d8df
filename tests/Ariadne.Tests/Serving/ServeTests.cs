using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Tests.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Serving;

/// <summary>
/// <c>ariadne serve</c> as a real process over a penguins classifier trained here: predictions, bad input, health and
/// Prometheus metrics, an alias switch under 32 concurrent clients, the prediction log (counted row by row in its
/// Arrow batches), kill -9, tokens, and a tracking server as the store.
/// </summary>
public sealed partial class ServeTests
{
    private const string Champion = "models:/penguins@champion";

    [Fact]
    public async Task Predictions_match_the_in_process_prediction_engine_and_every_row_is_logged_once_under_its_id()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms");
        using var engine = model.Engine();
        var rows = model.Rows;

        var single = await PostJsonAsync(serve, PenguinsModel.Json(rows[0]), "req-single");
        Assert.Equal(HttpStatusCode.OK, single.Status);
        Assert.Equal("1", single.Version);
        AssertSame(engine.Predict(rows[0].AsFeatures()), single.Body.GetProperty("predictions")[0]);
        Assert.Equal("req-single", single.Body.GetProperty("predictions")[0].GetProperty("id").GetString());
        Assert.Equal(1, single.Body.GetProperty("model_version").GetInt32());

        var batchRows = rows.Skip(1).Take(20).ToList();
        var batch = await PostJsonAsync(serve, batchRows.Select(PenguinsModel.Json).ToList(), "req-batch");
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        var predictions = batch.Body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(20, predictions.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"req-batch/{i}", predictions[i].GetProperty("id").GetString());
            AssertSame(engine.Predict(batchRows[i].AsFeatures()), predictions[i]);
        }

        var wrapped = await PostJsonAsync(serve, new { rows = rows.Skip(100).Take(3).Select(PenguinsModel.Json).ToList() }, "req-rows");
        Assert.Equal(HttpStatusCode.OK, wrapped.Status);
        Assert.Equal(3, wrapped.Body.GetProperty("predictions").GetArrayLength());

        var csvRows = rows.Skip(200).Take(5).ToList();
        var csv = new StringBuilder("Island,Sex,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\n");
        foreach (var r in csvRows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Island},{r.Sex},{r.BeakLength},{r.BeakDepth},{r.FlipperLength},{r.BodyMass}\n");
        }

        var fromCsv = await PostAsync(serve, new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), "req-csv");
        Assert.Equal(HttpStatusCode.OK, fromCsv.Status);
        var csvPredictions = fromCsv.Body.GetProperty("predictions").EnumerateArray().ToList();
        for (var i = 0; i < csvRows.Count; i++)
        {
            AssertSame(engine.Predict(csvRows[i].AsFeatures()), csvPredictions[i]);
        }

        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());

        await using var tracking = TrackingClient.Open(folder: ws.Root);
        var run = await tracking.Store.GetRunAsync(runId, default);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("serve penguins@champion", run.Info.RunName);
        Assert.Equal("penguins", Tag(run, "ariadne.serving.model"));
        Assert.Equal("champion", Tag(run, "ariadne.serving.alias"));
        Assert.EndsWith(":" + serve.Address.Port.ToString(CultureInfo.InvariantCulture), Tag(run, "ariadne.serving.instance"), StringComparison.Ordinal);
        var experiment = await tracking.Store.GetExperimentByNameAsync("ariadne-serving", default);
        Assert.Equal(experiment!.ExperimentId, run.Info.ExperimentId);

        var logged = await PredictionLogFiles.ReadAsync(tracking, runId, ws.Outside("log"));
        string[] expected = ["req-single", .. Enumerable.Range(0, 20).Select(i => $"req-batch/{i}"), .. Enumerable.Range(0, 3).Select(i => $"req-rows/{i}"), .. Enumerable.Range(0, 5).Select(i => $"req-csv/{i}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), logged.Select(r => r.Id).Order(StringComparer.Ordinal));
        var first = logged.Single(r => r.Id == "req-single");
        var expectedFirst = engine.Predict(rows[0].AsFeatures());
        Assert.Equal("req-single", first.RequestId);
        Assert.Equal(1, first.Version);
        Assert.Equal(expectedFirst.PredictedLabel, first.Prediction);
        Assert.Equal(expectedFirst.Score.Max(), first.Score!.Value, 4);
        Assert.Equal(3, first.ClassScores.Count); // score.{class} per class, for the monitor's macro one-vs-rest auc
        Assert.Equal(first.Score!.Value, first.ClassScores[first.Prediction!]!.Value, 6);
        Assert.All(
            expectedFirst.Score.OrderDescending().Zip(first.ClassScores.Values.Select(v => v!.Value).OrderDescending()),
            pair => Assert.Equal(pair.First, pair.Second, 4));
        Assert.Equal(rows[0].Island, first.Inputs["Island"]);
        Assert.Equal(rows[0].BodyMass, (double)first.Inputs["Body Mass (g)"]!, 3);
        // ML.NET's floats are logged as 32-bit floats: the values the model got and gave, in half the bytes of doubles.
        var types = await PredictionLogFiles.ColumnTypesAsync(tracking, runId, ws.Outside("types"));
        Assert.Equal(typeof(float), types["input.Body Mass (g)"]);
        Assert.Equal(typeof(string), types["input.Island"]);
        Assert.Equal(typeof(float), types["score"]);
        Assert.All(types.Where(t => t.Key.StartsWith("score.", StringComparison.Ordinal)), t => Assert.Equal(typeof(float), t.Value));
        Assert.Equal((float)rows[0].BodyMass, (float)(double)first.Inputs["Body Mass (g)"]!);
        Assert.Equal("req-batch", logged.Single(r => r.Id == "req-batch/7").RequestId);
        Assert.All(logged, r => Assert.StartsWith("predictions/v1/", r.Artifact, StringComparison.Ordinal));

        // The batches are Arrow IPC files that a reader nobody here wrote takes as they are: the npm package apache-arrow
        // reads the same rows, with the row id made from request_id and row as docs/serving.md says.
        var fromJs = new List<JsonElement>();
        foreach (var artifact in (await tracking.Store.ListArtifactsAsync(runId, default)).Where(a => a.Path.StartsWith("predictions/", StringComparison.Ordinal)))
        {
            var local = Path.Combine(ws.Outside("js"), Path.GetFileName(artifact.Path));
            await tracking.DownloadArtifactAsync(runId, artifact.Path, local);
            var read = await ArrowJsReader.ReadAsync(local);
            var schema = read.GetProperty("schema").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
            Assert.StartsWith("Dictionary<Int32, Utf8>", schema["request_id"], StringComparison.Ordinal);
            Assert.Equal("Float32", schema["input.Body Mass (g)"]);
            Assert.Equal("Dictionary<Int32, Utf8>", schema["input.Island"]); // three islands: held once each
            Assert.Equal("Int64", schema["time"]);
            Assert.Equal(read.GetProperty("numRows").GetInt32(), read.GetProperty("rows").GetArrayLength());
            fromJs.AddRange(read.GetProperty("rows").EnumerateArray());
        }

        string JsId(JsonElement row) => row.GetProperty("row").ValueKind == JsonValueKind.Null
            ? row.GetProperty("request_id").GetString()!
            : $"{row.GetProperty("request_id").GetString()}/{row.GetProperty("row").GetInt32()}";
        Assert.Equal(expected.Order(StringComparer.Ordinal), fromJs.Select(JsId).Order(StringComparer.Ordinal));
        foreach (var row in fromJs)
        {
            var same = logged.Single(r => r.Id == JsId(row));
            Assert.Equal(same.Prediction, row.GetProperty("prediction").GetString());
            Assert.Equal(same.Inputs["Island"], row.GetProperty("input.Island").GetString());
            Assert.Equal((float)(double)same.Inputs["Body Mass (g)"]!, row.GetProperty("input.Body Mass (g)").GetSingle());
            Assert.Equal(same.Time, row.GetProperty("time").GetInt64());
            Assert.Equal((float)same.Score!.Value, row.GetProperty("score").GetSingle());
        }
    }

    [Fact]
    public async Task Bad_input_gets_its_status_and_names_the_field_and_nothing_is_logged_for_it()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms", "--max-request-bytes", "65536");
        var good = PenguinsModel.Json(model.Rows[0]);

        var missing = new Dictionary<string, object>(good);
        missing.Remove("Island");
        await AssertRefusedAsync(await PostJsonAsync(serve, missing, "bad-missing"), 400, "Missing field 'Island'");

        var extra = new Dictionary<string, object>(good) { ["Species"] = "Adelie" };
        await AssertRefusedAsync(await PostJsonAsync(serve, extra, "bad-extra"), 400, "Unknown field 'Species'");

        var typo = new Dictionary<string, object>(good);
        typo.Remove("Sex");
        typo["sex"] = "MALE";
        await AssertRefusedAsync(await PostJsonAsync(serve, typo, "bad-typo"), 400, "Did you mean 'Sex'?");

        var wrongType = new Dictionary<string, object>(good) { ["Body Mass (g)"] = "heavy" };
        await AssertRefusedAsync(await PostJsonAsync(serve, wrongType, "bad-type"), 400, "Field 'Body Mass (g)' is string; the model takes a JSON number");

        var wrongInRow = new List<Dictionary<string, object>> { good, new(good) { ["Island"] = 3 } };
        await AssertRefusedAsync(await PostJsonAsync(serve, wrongInRow, "bad-row"), 400, "Field 'Island' in row 1 is number");

        await AssertRefusedAsync(await PostAsync(serve, new StringContent("{\"Island\": \"Biscoe\",", Encoding.UTF8, "application/json"), "bad-json"), 400, "not valid JSON");
        await AssertRefusedAsync(await PostAsync(serve, new StringContent("Island,Sex\nBiscoe,MALE\n", Encoding.UTF8, "text/csv"), "bad-csv"), 400, "Missing field 'Beak Length (mm)'");
        await AssertRefusedAsync(await PostAsync(serve, new StringContent("[]", Encoding.UTF8, "application/json"), "bad-empty"), 400, "no rows");
        // Valid JSON but no text: an escaped lone surrogate, in a value and in a field name.
        var loneSurrogate = JsonSerializer.Serialize(new Dictionary<string, object>(good) { ["Island"] = "@" }).Replace("\"@\"", "\"Bisc\\ud800\"", StringComparison.Ordinal);
        await AssertRefusedAsync(await PostAsync(serve, new StringContent(loneSurrogate, Encoding.UTF8, "application/json"), "bad-surrogate"), 400, "Field 'Island' holds an escaped lone UTF-16 surrogate");
        await AssertRefusedAsync(await PostAsync(serve, new StringContent("{\"Isl\\udc00and\": \"Biscoe\"}", Encoding.UTF8, "application/json"), "bad-surrogate-name"), 400, "A field name holds an escaped lone UTF-16 surrogate");

        var huge = Enumerable.Repeat(good, 1000).ToList();
        await AssertRefusedAsync(await PostJsonAsync(serve, huge, "bad-huge"), 413, "at most 65536 bytes");

        var ok = await PostJsonAsync(serve, good, "good-one");
        Assert.Equal(HttpStatusCode.OK, ok.Status);

        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());
        await using var tracking = TrackingClient.Open(folder: ws.Root);
        var logged = await PredictionLogFiles.ReadAsync(tracking, runId, ws.Outside("log"));
        Assert.Equal(["good-one"], logged.Select(r => r.Id));

        var unknown = ServeProcess.Refused(ws.Root, "models:/nope@champion");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("nope", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_prometheus_metrics_describe_the_served_model_requests_latency_and_the_prediction_log()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms");
        // The server does not watch the workspace it writes its prediction log into.
        Assert.Equal(0, Inotify.Instances(serve.Process.Id));

        var health = await HealthAsync(serve);
        Assert.Equal("penguins", health.GetProperty("model").GetString());
        Assert.Equal(1, health.GetProperty("version").GetInt32());
        Assert.Equal("champion", health.GetProperty("alias").GetString());
        Assert.True(health.GetProperty("ready").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[0]), "m-1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, model.Rows.Take(10).Select(PenguinsModel.Json).ToList(), "m-2")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostJsonAsync(serve, new { Island = "Biscoe" }, "m-3")).Status);

        Dictionary<string, double> metrics = [];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            metrics = await MetricsAsync(serve);
            if (metrics.GetValueOrDefault("ariadne_serve_prediction_log_rows_total") >= 11)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(2, metrics["ariadne_serve_requests_total{path=\"/predict\",status=\"200\"}"]);
        Assert.Equal(1, metrics["ariadne_serve_requests_total{path=\"/predict\",status=\"400\"}"]);
        Assert.True(metrics["ariadne_serve_errors_total"] >= 1);
        Assert.Equal(11, metrics["ariadne_serve_rows_predicted_total{model=\"penguins\"}"]);
        Assert.Equal(2, metrics["ariadne_serve_predict_latency_seconds_count"]);
        Assert.Equal(2, metrics["ariadne_serve_predict_latency_seconds_bucket{le=\"+Inf\"}"]);
        Assert.True(metrics["ariadne_serve_predict_latency_seconds_sum"] > 0);
        var buckets = metrics.Where(m => m.Key.StartsWith("ariadne_serve_predict_latency_seconds_bucket", StringComparison.Ordinal)).Select(m => m.Value).ToList();
        Assert.True(buckets.Count > 5);
        Assert.Equal(1, metrics["ariadne_serve_model_version{model=\"penguins\"}"]);
        Assert.Equal(1, metrics["ariadne_serve_model_info{model=\"penguins\",version=\"1\",alias=\"champion\"}"]);
        Assert.Equal(11, metrics["ariadne_serve_prediction_log_rows_total"]);
        Assert.Equal(0, metrics["ariadne_serve_prediction_log_queue_length"]);
    }

    [Fact]
    public async Task What_the_prediction_log_costs_the_server_is_counted_on_metrics_within_the_process_cpu()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms");
        var before = await MetricsAsync(serve);
        Assert.Equal(0, before["ariadne_serve_prediction_log_seconds_total{part=\"copy\"}"]);

        // Every 16th copy is timed (by its thread's CPU clock): 32 requests time two.
        var batch = model.Rows.Take(50).Select(PenguinsModel.Json).ToList();
        for (var i = 0; i < 32; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, batch, $"cost-{i}")).Status);
        }

        var metrics = await WaitForAsync(serve, m => m.GetValueOrDefault("ariadne_serve_prediction_log_rows_total") >= 32 * 50 && m.GetValueOrDefault("ariadne_serve_prediction_log_seconds_total{part=\"writer\"}") > 0);
        var copy = metrics["ariadne_serve_prediction_log_seconds_total{part=\"copy\"}"];
        var writer = metrics["ariadne_serve_prediction_log_seconds_total{part=\"writer\"}"];
        var process = metrics["process_cpu_seconds_total"];
        Assert.True(copy > 0 && writer > 0, $"copy {copy} s, writer {writer} s");
        Assert.True(process > copy + writer, $"process {process} s, copy {copy} s, writer {writer} s");
    }

    [Fact]
    public async Task An_alias_switch_under_32_concurrent_clients_fails_no_request_both_versions_answer_and_every_prediction_is_logged_once()
    {
        using var ws = new TestWorkspace(git: false);
        var v1 = Register(ws, PenguinsModel.Train(), alias: "champion");
        Register(ws, PenguinsModel.Train(iterations: 3), alias: null, file: "model2/model.zip");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "300ms", "--poll-interval", "500ms");
        var answered = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var clients = Enumerable.Range(0, 32).Select(client => Task.Run(async () =>
        {
            var sawTwo = false;
            for (var n = 0; !stop.IsCancellationRequested && !(sawTwo && n > 5); n++)
            {
                var id = $"c{client}-{n}";
                try
                {
                    var reply = await PostJsonAsync(serve, PenguinsModel.Json(v1.Rows[(client * 7 + n) % v1.Rows.Count]), id);
                    if (reply.Status != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{id}: {(int)reply.Status} {reply.Text}");
                        continue;
                    }

                    answered[id] = reply.Version!;
                    Assert.Equal(reply.Version, reply.Body.GetProperty("model_version").GetInt32().ToString(CultureInfo.InvariantCulture));
                    sawTwo |= reply.Version == "2";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue($"{id}: {e.Message}");
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(failures);
        await using (var tracking = TrackingClient.Open(folder: ws.Root))
        {
            await tracking.Store.SetModelAliasAsync("penguins", "champion", 2, default);
        }

        await Task.WhenAll(clients);
        Assert.True(failures.IsEmpty, $"{failures.Count} requests failed: {string.Join("; ", failures.Take(5))}");
        Assert.Contains("1", answered.Values);
        Assert.Contains("2", answered.Values);
        Assert.Equal(2, (await HealthAsync(serve)).GetProperty("version").GetInt32());
        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());

        await using var reader = TrackingClient.Open(folder: ws.Root);
        var logged = await PredictionLogFiles.ReadAsync(reader, runId, ws.Outside("log"));
        var duplicates = logged.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(answered.Keys.Order(StringComparer.Ordinal), logged.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(logged, r => Assert.Equal(answered[r.Id], r.Version.ToString(CultureInfo.InvariantCulture)));
        Assert.All(logged, r => Assert.StartsWith($"predictions/v{r.Version}/", r.Artifact, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kill_9_loses_at_most_the_predictions_of_the_last_flush_interval()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "500ms");
        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[i]), $"early-{i}")).Status);
        }

        // Several flush intervals pass: everything answered so far must be written by now.
        for (var attempt = 0; attempt < 100 && (await MetricsAsync(serve)).GetValueOrDefault("ariadne_serve_prediction_log_rows_total") < 50; attempt++)
        {
            await Task.Delay(100);
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[i]), $"late-{i}")).Status);
        }

        await serve.KillAsync();

        await using var tracking = TrackingClient.Open(folder: ws.Root);
        var logged = await PredictionLogFiles.ReadAsync(tracking, runId, ws.Outside("log"));
        Assert.DoesNotContain(logged.GroupBy(r => r.Id), g => g.Count() > 1);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"early-{i}").Order(StringComparer.Ordinal), logged.Where(r => r.Id.StartsWith("early-", StringComparison.Ordinal)).Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.InRange(logged.Count(r => r.Id.StartsWith("late-", StringComparison.Ordinal)), 0, 10);
        Assert.NotEqual(RunStatus.Finished, (await tracking.Store.GetRunAsync(runId, default)).Info.Status);
    }

    [Fact]
    public async Task A_non_loopback_address_needs_tokens_and_with_tokens_every_prediction_needs_a_writer_token()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        var refused = ServeProcess.Refused(ws.Root, Champion, "--host", "0.0.0.0");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Refusing to serve 0.0.0.0 without authentication", refused.Error, StringComparison.Ordinal);

        var tokens = ws.Outside("tokens.json");
        var writer = ws.CliOk("server", "token", "create", "--role", "writer", "--tokens", tokens).Out.Trim();
        var reader = ws.CliOk("server", "token", "create", "--role", "reader", "--tokens", tokens).Out.Trim();
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--host", "0.0.0.0", "--tokens", tokens);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Address.Port}/") };
        var body = JsonSerializer.Serialize(PenguinsModel.Json(model.Rows[0]));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("predict", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(http, body, "ari_not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(http, body, reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, body, writer)).StatusCode);
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(metrics)).StatusCode);

        static Task<HttpResponseMessage> Send(HttpClient http, string body, string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "predict") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(request);
        }
    }

    [Fact]
    public async Task A_model_registered_on_a_tracking_server_is_served_from_it_and_its_predictions_are_logged_there()
    {
        using var folder = new TempFolder();
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        Directory.CreateDirectory(folder.Combine("artifacts"));
        var artifacts = ObjectStoreRegistry.Open(new RemoteSettings("artifacts", folder.Combine("artifacts"), new Dictionary<string, string>()));
        await using var server = await ServerUnderTest.StartAsync(database, artifacts);
        var model = PenguinsModel.Train();
        var zip = model.Save(folder.Combine("trained", "model.zip"));
        await using (var tracking = TrackingClient.Open(server.Address.ToString(), folder.Combine("trained")))
        {
            await using var run = await tracking.StartNewRunAsync("training", "penguins", null);
            await run.LogArtifactAsync(zip, "model/model.zip");
            await run.RegisterModelAsync("penguins", "model", alias: "champion");
            await run.EndAsync();
        }

        Directory.CreateDirectory(folder.Combine("elsewhere"));
        await using var serve = await ServeProcess.StartAsync(folder.Combine("elsewhere"), Champion, "--store", server.Address.ToString(), "--flush-interval", "200ms");
        var rows = model.Rows.Take(5).ToList();
        var reply = await PostJsonAsync(serve, rows.Select(PenguinsModel.Json).ToList(), "over-http");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        using var engine = model.Engine();
        var predictions = reply.Body.GetProperty("predictions").EnumerateArray().ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            AssertSame(engine.Predict(rows[i].AsFeatures()), predictions[i]);
        }

        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());
        Assert.Equal(RunStatus.Finished, (await database.GetRunAsync(runId, default)).Info.Status);
        await using var client = TrackingClient.Open(server.Address.ToString(), folder.Combine("elsewhere"));
        var logged = await PredictionLogFiles.ReadAsync(client, runId, folder.Combine("log"));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"over-http/{i}"), logged.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_sdk_prediction_logger_writes_the_same_batches_and_finishes_its_run()
    {
        using var ws = new TestWorkspace(git: false);
        string runId;
        await using (var tracking = TrackingClient.Open(folder: ws.Root))
        {
            await using var log = await PredictionLogger.StartAsync(tracking, "houses", 3, new PredictionLoggerOptions { FlushInterval = TimeSpan.FromMilliseconds(100) });
            runId = log.RunId;
            for (var i = 0; i < 2500; i++)
            {
                log.Log($"h{i}", new Dictionary<string, object?> { ["rooms"] = i % 7, ["city"] = i % 2 == 0 ? "Oslo" : null, ["garden"] = i % 3 == 0 }, 100_000.0 + i);
            }
        }

        await using var reader = TrackingClient.Open(folder: ws.Root);
        var run = await reader.Store.GetRunAsync(runId, default);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("serve houses v3", run.Info.RunName);
        Assert.Equal("houses", Tag(run, "ariadne.serving.model"));
        var logged = await PredictionLogFiles.ReadAsync(reader, runId, ws.Outside("log"));
        Assert.Equal(2500, logged.Select(r => r.Id).Distinct().Count());
        var row = logged.Single(r => r.Id == "h5");
        Assert.Equal(5.0, row.Inputs["rooms"]);
        Assert.Null(row.Inputs["city"]);
        Assert.Equal("100005", row.Prediction);
        Assert.Null(row.Score);
        Assert.All(logged, r => Assert.Equal(3, r.Version));
    }

    private static PenguinsModel Register(TestWorkspace ws, PenguinsModel model, string? alias, string file = "model/model.zip")
    {
        model.Save(ws.Path(file));
        var args = new List<string> { "models", "register", "penguins", file };
        if (alias is not null)
        {
            args.AddRange(["--alias", alias]);
        }

        ws.CliOk([.. args]);
        return model;
    }

    private static void AssertSame(PenguinPrediction expected, JsonElement actual)
    {
        Assert.Equal(expected.PredictedLabel, actual.GetProperty("label").GetString());
        var scores = actual.GetProperty("scores").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
        Assert.Equal(expected.Score.Length, scores.Count);
        for (var i = 0; i < scores.Count; i++)
        {
            Assert.Equal(expected.Score[i], scores[i], 5);
        }

        Assert.Equal(expected.Score.Max(), actual.GetProperty("score").GetDouble(), 5);
        Assert.Equal(expected.PredictedLabel, actual.GetProperty("scores").EnumerateObject().MaxBy(p => p.Value.GetDouble()).Name);
    }

    private static string Tag(Run run, string key) => run.Tags.Single(t => t.Key == key).Value;

    private sealed record Reply(HttpStatusCode Status, string? Version, JsonElement Body, string Text);

    private static Task<Reply> PostJsonAsync(ServeProcess serve, object body, string requestId) =>
        PostAsync(serve, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), requestId);

    private static async Task<Reply> PostAsync(ServeProcess serve, HttpContent content, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "predict") { Content = content };
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await serve.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var version = response.Headers.TryGetValues("X-Model-Version", out var values) ? values.Single() : null;
        JsonElement body = default;
        if (text.StartsWith('{'))
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new Reply(response.StatusCode, version, body, text);
    }

    private static async Task AssertRefusedAsync(Reply reply, int status, string message)
    {
        Assert.True((int)reply.Status == status, $"Expected {status}, got {(int)reply.Status}: {reply.Text}");
        Assert.Contains(message, reply.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", reply.Version);
        await Task.CompletedTask;
    }

    private static async Task<JsonElement> HealthAsync(ServeProcess serve)
    {
        var text = await serve.Http.GetStringAsync("health");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Parses Prometheus text: every sample as "name{labels}" → value; every family has HELP and TYPE.</summary>
    private static async Task<Dictionary<string, double>> MetricsAsync(ServeProcess serve)
    {
        using var response = await serve.Http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                typed.Add(line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: '{line}'");
            var name = match.Groups["name"].Value;
            Assert.Contains(typed, family => name == family || name.StartsWith(family + "_", StringComparison.Ordinal));
            samples[name + match.Groups["labels"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[^}]*\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)$""")]
    private static partial Regex SampleLine();
}
