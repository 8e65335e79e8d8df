using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ariadne.Content;

namespace Ariadne.Tests.Server;

public abstract partial class ArtifactProxyContract
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task PutAsync(string path, byte[] content)
    {
        using var put = await Api.Http.PutAsync(Prefix + path, new ByteArrayContent(content));
        Assert.Equal(200, (int)put.StatusCode);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(900_000)]
    public async Task Range_requests_are_answered_with_206_and_the_requested_bytes(int length)
    {
        var content = RandomBytes(length, length);
        await PutAsync("/data.bin", content);

        async Task<(HttpStatusCode Status, byte[] Body, string? Range)> GetAsync(string range)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/data.bin");
            request.Headers.Range = RangeHeaderValue.Parse(range);
            using var response = await Api.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentRange?.ToString());
        }

        var middle = await GetAsync("bytes=100-199");
        var suffix = await GetAsync("bytes=-10");
        var open = await GetAsync($"bytes={length - 5}-");
        var beyond = await GetAsync($"bytes={length + 10}-");

        Assert.Equal(HttpStatusCode.PartialContent, middle.Status);
        Assert.Equal(content[100..200], middle.Body);
        Assert.Equal($"bytes 100-199/{length}", middle.Range);
        Assert.Equal(content[^10..], suffix.Body);
        Assert.Equal(content[^5..], open.Body);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.Status);
        Assert.Equal(content, await Api.Http.GetByteArrayAsync(Prefix + "/data.bin"));
    }

    [Fact]
    public async Task A_stalled_download_holds_no_temporary_file()
    {
        await PutAsync("/big.bin", RandomBytes(1_000_000, 3));
        var temp = Folder.Combine("server-tmp");

        using var response = await Api.Http.GetAsync(Prefix + "/big.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[10];
        await body.ReadExactlyAsync(first);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Directory.Exists(temp) ? Directory.GetFiles(temp) : []);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task Logged_artifact_records_must_match_the_stored_content(long claimedSize)
    {
        var content = Encoding.UTF8.GetBytes("real content of 27 bytes..");
        await PutAsync("/real.txt", content);
        var hash = ContentHasher.HashBytes(content).Hex;

        var wrongSize = await Api.SendAsync(HttpMethod.Post, "api/ariadne/runs/log-artifacts",
            $$"""{"run_id": "{{RunId}}", "artifacts": [{"path": "claimed.txt", "hash": "{{hash}}", "size": {{claimedSize}}}]}""");
        var notAHash = await Api.SendAsync(HttpMethod.Post, "api/ariadne/runs/log-artifacts",
            $$"""{"run_id": "{{RunId}}", "artifacts": [{"path": "passwd", "hash": "../../../../etc/passwd", "size": 1}]}""");
        var right = await Api.SendAsync(HttpMethod.Post, "api/ariadne/runs/log-artifacts",
            $$"""{"run_id": "{{RunId}}", "artifacts": [{"path": "copy.txt", "hash": "{{hash}}", "size": {{content.Length}}}]}""");

        Assert.Equal(400, wrongSize.Status);
        Assert.Contains($"{content.Length} bytes", wrongSize["message"].GetString(), StringComparison.Ordinal);
        Assert.Equal(400, notAHash.Status);
        right.EnsureOk();
        Assert.Equal(["copy.txt", "real.txt"], (await Api.Store.ListArtifactsAsync(RunId, default)).Select(a => a.Path).Order(StringComparer.Ordinal));
        Assert.Equal(content, await Api.Http.GetByteArrayAsync(Prefix + "/copy.txt"));
    }

    [Fact]
    public async Task The_sealed_part_of_a_split_an_older_run_logged_is_refused_and_the_message_names_holdout_read()
    {
        var test = Encoding.UTF8.GetBytes("id,x\n7,49\n");
        var hash = ContentHasher.HashBytes(test).Hex;
        await PutAsync("/outs/split/train.csv", Encoding.UTF8.GetBytes("id,x\n1,1\n2,4\n"));
        await PutAsync("/outs/split/test.csv", test);
        await PutAsync("/outs/copy-of-test.csv", test);
        await PutAsync("/outs/split/split.json", Encoding.UTF8.GetBytes($$"""{"format": 1, "parts": [{"name": "train", "file": "train.csv", "rows": 2, "blake3": "{{new string('1', 64)}}", "sealed": false}, {"name": "test", "file": "test.csv", "rows": 1, "blake3": "{{hash}}", "sealed": true, "budget": 1}]}"""));

        using var whole = await Api.Http.GetAsync(Prefix + "/outs/split/test.csv");
        using var ranged = new HttpRequestMessage(HttpMethod.Get, Prefix + "/outs/split/test.csv");
        ranged.Headers.Range = new RangeHeaderValue(0, 3);
        using var part = await Api.Http.SendAsync(ranged);
        using var copy = await Api.Http.GetAsync(Prefix + "/outs/copy-of-test.csv");

        Assert.Equal(HttpStatusCode.Forbidden, whole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, part.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, copy.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await whole.Content.ReadAsStringAsync());
        var message = body.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("sealed part 'test'", message, StringComparison.Ordinal);
        Assert.Contains("ariadne holdout read", message, StringComparison.Ordinal);
        Assert.DoesNotContain("7,49", message, StringComparison.Ordinal);
        Assert.Equal("id,x\n1,1\n2,4\n", await Api.Http.GetStringAsync(Prefix + "/outs/split/train.csv"));
        Assert.Contains("\"sealed\": true", await Api.Http.GetStringAsync(Prefix + "/outs/split/split.json"), StringComparison.Ordinal);
    }
}
