using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Serving;

/// <summary>
/// A careless user and an attacker against a real <c>ariadne serve</c>: hostile bodies and headers, a cross-site page,
/// and bad token files. Each refusal says what was wrong and what to do,
/// and nothing refused is logged as a prediction.
/// </summary>
public sealed partial class ServeTests
{
    [Fact]
    public async Task Hostile_bodies_and_request_ids_get_a_clear_error_and_only_answered_requests_are_logged()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms", "--max-request-bytes", "65536");
        var good = PenguinsModel.Json(model.Rows[0]);
        const string header = "Island,Sex,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\n";

        var nested = new string('[', 5000) + new string(']', 5000);
        await AssertRefusedAsync(await PostAsync(serve, Json(nested), "t-nested"), 400, "nested no deeper");
        await AssertRefusedAsync(await PostAsync(serve, Json("{\"Island\": \"Biscoe\", \"Body Mass (g)\": NaN}"), "t-nan"), 400, "JSON has no NaN or Infinity");
        var overflow = JsonSerializer.Serialize(new Dictionary<string, object>(good) { ["Body Mass (g)"] = 12345.5 }).Replace("12345.5", "1e400", StringComparison.Ordinal);
        await AssertRefusedAsync(await PostAsync(serve, Json(overflow), "t-1e400"), 400, "Field 'Body Mass (g)' is 1e400, which is not a finite number");
        await AssertRefusedAsync(await PostJsonAsync(serve, new Dictionary<string, object>(good) { ["Body Mass (g)"] = "4200" }, "t-string"), 400, "Field 'Body Mass (g)' is string; the model takes a JSON number");
        await AssertRefusedAsync(await PostJsonAsync(serve, new Dictionary<string, object>(good) { ["Sex"] = 1 }, "t-number"), 400, "Field 'Sex' is number; the model takes a JSON string");
        await AssertRefusedAsync(await PostAsync(serve, Csv(header + "Biscoe,MALE,45,15,210,Infinity\n"), "t-csv-inf"), 400, "Field 'Body Mass (g)' in row 0 is Infinity, which is not a finite number");
        await AssertRefusedAsync(await PostAsync(serve, Csv(header + "Biscoe,MALE,NaN,15,210,4200\n"), "t-csv-nan"), 400, "an empty CSV cell) for a missing value");
        await AssertRefusedAsync(await PostAsync(serve, Csv("Biscoe,MALE,45,15,210,4200\nDream,FEMALE,40,18,190,3500\n"), "t-csv-noheader"), 400, "looks like a row of data, not a header");
        await AssertRefusedAsync(await PostAsync(serve, Csv(header + "Biscoe,MALE,45,15,210,4200\nDream,FEMALE,40\n"), "t-csv-ragged"), 400, "CSV row 1 has 3 values; the header has 6");
        await AssertRefusedAsync(await PostAsync(serve, Json(""), "t-empty"), 400, "The request body is empty");
        await AssertRefusedAsync(await PostAsync(serve, Csv(""), "t-empty-csv"), 400, "The CSV body is empty");
        await AssertRefusedAsync(await PostAsync(serve, new StringContent("<rows/>", Encoding.UTF8, "application/xml"), "t-xml"), 415, "Send JSON (Content-Type: application/json)");
        var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(good)));
        await AssertRefusedAsync(await PostAsync(serve, untyped, "t-untyped"), 415, "The request has no Content-Type");

        // A 10 kB request id, and ids with a space or a control character: refused, not echoed into the response headers.
        await AssertRefusedAsync(await PostJsonAsync(serve, good, new string('a', 10_240)), 400, "X-Request-Id is 10240 characters long");
        var spaced = await RawAsync(serve, Request("POST", serve, "application/json", JsonSerializer.Serialize(good), "X-Request-Id: two words\r\n"));
        Assert.StartsWith("HTTP/1.1 400", spaced, StringComparison.Ordinal);
        Assert.Contains("X-Request-Id holds the character U\\u002B0020", spaced, StringComparison.Ordinal); // '+' as JSON escapes it
        Assert.DoesNotContain("two words", spaced.Split("\r\n\r\n")[0], StringComparison.Ordinal);
        var folded = await RawAsync(serve, Request("POST", serve, "application/json", JsonSerializer.Serialize(good), "X-Request-Id: a\r\n injected: yes\r\n"));
        Assert.StartsWith("HTTP/1.1 400", folded, StringComparison.Ordinal);
        Assert.DoesNotContain("injected", folded, StringComparison.Ordinal);

        // A 2 GB Content-Length and no body: 413 at once, without waiting for (or reading) the body.
        var started = DateTime.UtcNow;
        var huge = await RawAsync(serve, $"POST /predict HTTP/1.1\r\nHost: 127.0.0.1:{serve.Address.Port}\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\nX-Request-Id: t-2gb\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413", huge, StringComparison.Ordinal);
        Assert.Contains("this server takes at most 65536 bytes", huge, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "The 413 waited for a body that never came.");

        // Still healthy, and the one good request is the only one logged, its id as sent.
        var ok = await PostJsonAsync(serve, good, "t-good:1/x");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());
        await using var tracking = TrackingClient.Open(folder: ws.Root);
        var logged = await PredictionLogFiles.ReadAsync(tracking, runId, ws.Outside("log"));
        Assert.Equal(["t-good:1/x"], logged.Select(r => r.Id));
        Assert.Equal("t-good:1/x", logged[0].RequestId);

        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
        static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_post_predictions_to_a_loopback_server_without_tokens()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--flush-interval", "200ms");
        var body = JsonSerializer.Serialize(PenguinsModel.Json(model.Rows[0]));

        // What a page can send without a CORS preflight: a text/plain (or form) POST, with the browser's Origin.
        var simple = await RawAsync(serve, Request("POST", serve, "text/plain", body, "Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\nX-Request-Id: x-simple\r\n"));
        Assert.StartsWith("HTTP/1.1 403", simple, StringComparison.Ordinal);
        Assert.Contains("came from a page of another site", simple, StringComparison.Ordinal);
        var json = await RawAsync(serve, Request("POST", serve, "application/json", body, "Sec-Fetch-Site: cross-site\r\nX-Request-Id: x-fetch\r\n"));
        Assert.StartsWith("HTTP/1.1 403", json, StringComparison.Ordinal);

        // A browser that sends neither header (an old one): text/plain and form bodies are still not read.
        await AssertRefusedAsync(await PostAsync(serve, new StringContent(body, Encoding.UTF8, "text/plain"), "x-plain"), 415, "form and text/plain posts are refused");
        await AssertRefusedAsync(await PostAsync(serve, new FormUrlEncodedContent([new("Island", "Biscoe")]), "x-form"), 415, "form and text/plain posts are refused");

        // A DNS name rebound to 127.0.0.1 reaches nothing.
        var rebound = await RawAsync(serve, Request("POST", serve, "application/json", body, "X-Request-Id: x-rebound\r\n", host: $"evil.example:{serve.Address.Port}"));
        Assert.StartsWith("HTTP/1.1 403", rebound, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[0]), "x-good")).Status);
        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        Assert.Equal(0, await serve.TerminateAsync());
        await using var tracking = TrackingClient.Open(folder: ws.Root);
        Assert.Equal(["x-good"], (await PredictionLogFiles.ReadAsync(tracking, runId, ws.Outside("log"))).Select(r => r.Id));
    }

    [Fact]
    public async Task A_token_file_that_is_missing_empty_tokenless_or_writable_by_others_is_refused_and_one_readable_by_others_is_a_warning()
    {
        using var ws = new TestWorkspace(git: false);
        var model = Register(ws, PenguinsModel.Train(), alias: "champion");
        var missing = ServeProcess.Refused(ws.Root, Champion, "--tokens", ws.Outside("nope.json"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var empty = ws.Outside("empty.json");
        await File.WriteAllTextAsync(empty, "");
        var refusedEmpty = ServeProcess.Refused(ws.Root, Champion, "--tokens", empty);
        Assert.NotEqual(0, refusedEmpty.ExitCode);
        Assert.Contains("is empty, so no request could be let in", refusedEmpty.Error, StringComparison.Ordinal);

        var tokenless = ws.Outside("tokenless.json");
        await File.WriteAllTextAsync(tokenless, "{\"tokens\": []}");
        var refusedTokenless = ServeProcess.Refused(ws.Root, Champion, "--tokens", tokenless);
        Assert.NotEqual(0, refusedTokenless.ExitCode);
        Assert.Contains("holds no tokens", refusedTokenless.Error, StringComparison.Ordinal);

        var tokens = ws.Outside("tokens.json");
        var writer = ws.CliOk("server", "token", "create", "--role", "writer", "--tokens", tokens).Out.Trim();
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        var refusedWritable = ServeProcess.Refused(ws.Root, Champion, "--tokens", tokens);
        Assert.NotEqual(0, refusedWritable.ExitCode);
        Assert.Contains("can be written by other users (646)", refusedWritable.Error, StringComparison.Ordinal);
        Assert.Contains("chmod 600", refusedWritable.Error, StringComparison.Ordinal);

        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        await using var serve = await ServeProcess.StartAsync(ws.Root, Champion, "--tokens", tokens);
        using var request = new HttpRequestMessage(HttpMethod.Post, "predict") { Content = new StringContent(JsonSerializer.Serialize(PenguinsModel.Json(model.Rows[0])), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", writer);
        Assert.Equal(HttpStatusCode.OK, (await serve.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Http.PostAsync("predict", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(0, await serve.TerminateAsync());
        Assert.Contains("can be read by other users (604)", serve.Error, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, double>> WaitForAsync(ServeProcess serve, Func<Dictionary<string, double>, bool> condition, int attempts = 150)
    {
        var metrics = await MetricsAsync(serve);
        for (var attempt = 0; attempt < attempts && !condition(metrics); attempt++)
        {
            await Task.Delay(200);
            metrics = await MetricsAsync(serve);
        }

        Assert.True(condition(metrics), "Waited in vain; /metrics: " + string.Join(", ", metrics.Where(m => m.Key.Contains("prediction_log", StringComparison.Ordinal)).Select(m => $"{m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}")) + "\n" + serve.Error);
        return metrics;
    }

    private static string Request(string method, ServeProcess serve, string contentType, string body, string headers, string? host = null) =>
        $"{method} /predict HTTP/1.1\r\nHost: {host ?? $"127.0.0.1:{serve.Address.Port}"}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{headers}\r\n{body}";

    /// <summary>Sends raw bytes (headers no HTTP client would send) and returns the whole answer as text.</summary>
    private static async Task<string> RawAsync(ServeProcess serve, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, serve.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
                var text = Encoding.UTF8.GetString(answer.ToArray());
                if (Complete(text))
                {
                    return text;
                }
            }
        }
        catch (IOException)
        {
        }

        return Encoding.UTF8.GetString(answer.ToArray());

        static bool Complete(string text)
        {
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var length = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            return length is not null && Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
    }
}
