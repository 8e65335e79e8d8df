using System.Net;
using System.Net.Sockets;
using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.S3;
using Ariadne.Tests.Remotes;

namespace Ariadne.Tests.S3;

/// <summary>The remote contract against a real S3-compatible server (s3rver), plus what only S3 can get wrong.</summary>
[Trait("Service", "S3")]
[Collection(S3ServerCollection.Name)]
public sealed class S3ObjectStoreTests : ObjectStoreContract
{
    private readonly S3ServerFixture _server;

    public S3ObjectStoreTests(S3ServerFixture server)
    {
        _server = server;
        S3Remote.Register();
    }

    protected override IObjectStore CreateStore() => ObjectStoreRegistry.Open(_server.Settings(_server.FreshUrl()));

    [Fact]
    public void Registered_s3_scheme_opens_an_s3_store_described_by_its_url()
    {
        var url = _server.FreshUrl();

        var store = ObjectStoreRegistry.Open(_server.Settings(url + "/"));

        Assert.IsType<S3ObjectStore>(store);
        Assert.Equal(url, store.Description);
        Assert.Contains("s3", ObjectStoreRegistry.KnownSchemes);
    }

    [Fact]
    public async Task Object_over_the_multipart_threshold_goes_up_in_parts_and_round_trips_byte_for_byte()
    {
        // Given a remote with a 5 MiB threshold and 5 MiB parts, and a 12 MiB file
        var recorder = new S3RequestRecorder();
        var store = Store(_server.FreshUrl(), recorder, ("multipart_threshold_mb", "5"), ("multipart_chunk_mb", "5"));
        var (hash, path, bytes) = MakeObject(12 << 20, 42);

        // When it is pushed
        await store.PutAsync(hash, path, CancellationToken.None);

        // Then it went up as one multipart upload of three parts (5 + 5 + 2 MiB), never as a single PUT
        Assert.Single(recorder.Where("POST", "uploads"));
        Assert.Equal(3, recorder.Where("PUT", "partNumber=").Count());
        Assert.Single(recorder.Where("POST", "uploadId="));
        Assert.DoesNotContain(recorder.Requests, r => r.Method == "PUT" && r.Query.Length == 0);

        // And it reads back byte for byte, with the same BLAKE3 hash
        var back = await ReadAllAsync(store, hash);
        Assert.Equal(hash, ContentHasher.HashBytes(back));
        Assert.Equal(bytes, back);
    }

    [Fact]
    public async Task Object_under_the_multipart_threshold_goes_up_in_one_put()
    {
        var recorder = new S3RequestRecorder();
        var store = Store(_server.FreshUrl(), recorder, ("multipart_threshold_mb", "5"), ("multipart_chunk_mb", "5"));
        var (hash, path, _) = MakeObject((5 << 20) - 1, 43);

        await store.PutAsync(hash, path, CancellationToken.None);

        Assert.Single(recorder.Requests, r => r.Method == "PUT" && r.Query.Length == 0);
        Assert.Empty(recorder.Where("POST", "uploads"));
    }

    [Fact]
    public async Task Put_replaces_a_half_written_object_left_under_the_same_name()
    {
        var url = _server.FreshUrl();
        var (hash, path, bytes) = MakeObject(2_000, 44);
        var truncated = Temp.WriteBytes("truncated.bin", bytes[..500]);
        await Store(url).PutAsync(hash, truncated, CancellationToken.None);

        await Store(url).PutAsync(hash, path, CancellationToken.None);

        await using var back = await Store(url).OpenReadAsync(hash, CancellationToken.None);
        using var memory = new MemoryStream();
        await back.CopyToAsync(memory);
        Assert.Equal(bytes, memory.ToArray());
    }

    [Fact]
    public async Task Cancelled_multipart_upload_is_aborted_and_leaves_no_object()
    {
        // Given a push that is cancelled while its second part is on the way
        using var cancel = new CancellationTokenSource();
        var recorder = new S3RequestRecorder
        {
            BeforeSend = request =>
            {
                if (request.RequestUri!.Query.Contains("partNumber=2", StringComparison.Ordinal))
                {
                    cancel.Cancel();
                }
            },
        };
        var url = _server.FreshUrl();
        var store = Store(url, recorder, ("multipart_threshold_mb", "5"), ("multipart_chunk_mb", "5"));
        var (hash, path, _) = MakeObject(16 << 20, 45);

        // When the push runs
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(hash, path, cancel.Token));

        // Then the upload was aborted (s3rver 3.7 accepts AbortMultipartUpload but keeps the parts on disk, so the
        // request itself is the evidence), nothing was completed, and no object appeared
        var abort = Assert.Single(recorder.Where("DELETE", "uploadId="));
        Assert.EndsWith(store.Location.KeyOf(hash), abort.Path, StringComparison.Ordinal);
        Assert.Empty(recorder.Where("POST", "uploadId="));
        Assert.False(await Store(url).ExistsAsync(hash, CancellationToken.None));
    }

    [Theory]
    [InlineData(70_000, "single PUT")]
    [InlineData(11 << 20, "multipart")]
    public async Task Bytes_the_server_stores_are_the_original_bytes_not_a_chunk_signed_body(int size, string how)
    {
        // Given a pushed object (small: one PUT; large: multipart with 5 MiB parts)
        var recorder = new S3RequestRecorder();
        var store = Store(_server.FreshUrl(), recorder, ("multipart_threshold_mb", "5"), ("multipart_chunk_mb", "5"));
        var (hash, path, bytes) = MakeObject(size, size);
        await store.PutAsync(hash, path, CancellationToken.None);
        var key = store.Location.KeyOf(hash);

        // When the server's own copy is read, from its data folder and through a plain HTTP GET
        var onDisk = await File.ReadAllBytesAsync(_server.ObjectFileOf(S3ServerFixture.SharedBucket, key));
        using var http = new HttpClient();
        var overHttp = await http.GetByteArrayAsync(new Uri(_server.Endpoint, $"{S3ServerFixture.SharedBucket}/{key}"));

        // Then both are the original bytes: no aws-chunked framing or chunk signatures were stored
        Assert.True(bytes.AsSpan().SequenceEqual(onDisk), $"{how}: s3rver stored {onDisk.Length} bytes that differ from the {bytes.Length} pushed.");
        Assert.Equal(hash, ContentHasher.HashBytes(overHttp));

        // And no upload request was sent aws-chunked or chunk-signed in the first place
        Assert.DoesNotContain(recorder.Requests, r => r.ContentSha256?.StartsWith("STREAMING", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(recorder.Requests, r => r.ContentEncoding?.Contains("aws-chunked", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Listing_ignores_objects_outside_the_remote_prefix()
    {
        // Given two remotes in the same bucket, one under the other's prefix, each with one object
        var outerUrl = _server.FreshUrl();
        var outer = Store(outerUrl);
        var inner = Store(outerUrl + "/nested");
        var (outerHash, outerPath, _) = MakeObject(300, 301);
        var (innerHash, innerPath, _) = MakeObject(300, 302);
        await outer.PutAsync(outerHash, outerPath, CancellationToken.None);
        await inner.PutAsync(innerHash, innerPath, CancellationToken.None);

        // When each is listed
        var outerListed = await ListAsync(outer);
        var innerListed = await ListAsync(inner);

        // Then each sees only its own object
        Assert.Equal([outerHash], outerListed);
        Assert.Equal([innerHash], innerListed);
    }

    [Fact]
    public async Task Remote_at_the_bucket_root_puts_lists_and_reads_objects()
    {
        var bucket = await _server.CreateBucketAsync();
        var store = Store($"s3://{bucket}");
        var (hash, path, bytes) = MakeObject(1_234, 7);

        await store.PutAsync(hash, path, CancellationToken.None);

        Assert.Equal([hash], await ListAsync(store));
        Assert.Equal(bytes, await ReadAllAsync(store, hash));
        Assert.True(File.Exists(_server.ObjectFileOf(bucket, $"{hash.Hex[..2]}/{hash.Hex[2..]}")));
    }

    [Fact]
    public async Task Wrong_credentials_give_remote_unavailable_that_points_at_the_credentials()
    {
        var store = Store(_server.FreshUrl(), ("access_key_id", "NOT-A-KEY"), ("secret_access_key", "wrong"));
        var (hash, path, _) = MakeObject(100, 8);

        var onExists = await Assert.ThrowsAsync<AriadneException>(() => store.ExistsAsync(hash, CancellationToken.None));
        var onPut = await Assert.ThrowsAsync<AriadneException>(() => store.PutAsync(hash, path, CancellationToken.None));
        var onRead = await Assert.ThrowsAsync<AriadneException>(() => store.OpenReadAsync(hash, CancellationToken.None));

        foreach (var error in new[] { onExists, onPut, onRead })
        {
            Assert.Equal(ErrorCode.RemoteUnavailable, error.Code);
            Assert.Contains("access_key_id", error.Message, StringComparison.Ordinal);
            Assert.Contains(store.Description, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unreachable_endpoint_gives_remote_unavailable_naming_the_endpoint()
    {
        var port = ClosedPort();
        var store = Store("s3://some-bucket/data", ("endpoint", $"http://127.0.0.1:{port}"));
        var (hash, path, _) = MakeObject(100, 9);

        var onExists = await Assert.ThrowsAsync<AriadneException>(() => store.ExistsAsync(hash, CancellationToken.None));
        var onPut = await Assert.ThrowsAsync<AriadneException>(() => store.PutAsync(hash, path, CancellationToken.None));

        foreach (var error in new[] { onExists, onPut })
        {
            Assert.Equal(ErrorCode.RemoteUnavailable, error.Code);
            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.InnerException);
        }
    }

    [Fact]
    public async Task Missing_bucket_gives_remote_unavailable_that_says_to_create_it()
    {
        var store = Store("s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] + "/x");
        var (hash, path, _) = MakeObject(100, 10);

        var onPut = await Assert.ThrowsAsync<AriadneException>(() => store.PutAsync(hash, path, CancellationToken.None));
        var onList = await Assert.ThrowsAsync<AriadneException>(() => ListAsync(store));

        foreach (var error in new[] { onPut, onList })
        {
            Assert.Equal(ErrorCode.RemoteUnavailable, error.Code);
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///x")]
    [InlineData("s3:///")]
    [InlineData("s3://bad bucket/x")]
    public void Malformed_s3_url_is_an_invalid_argument_that_shows_the_expected_form(string url)
    {
        var error = Assert.Throws<AriadneException>(() => ObjectStoreRegistry.Open(_server.Settings(url)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("s3://bucket/prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multipart_threshold_mb", "lots")]
    [InlineData("multipart_chunk_mb", "1")]
    [InlineData("endpoint", "ftp://127.0.0.1:21")]
    public void Invalid_option_is_an_invalid_argument_naming_the_option(string key, string value)
    {
        var error = Assert.Throws<AriadneException>(() => Store(_server.FreshUrl(), (key, value)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private S3ObjectStore Store(string url, params (string Key, string Value)[] options) => Store(url, recorder: null, options);

    private S3ObjectStore Store(string url, S3RequestRecorder? recorder, params (string Key, string Value)[] options) =>
        new(_server.Settings(url, options), Environment.GetEnvironmentVariable,
            recorder is null ? null : config => config.HttpClientFactory = recorder);

    private static async Task<List<ContentHash>> ListAsync(IObjectListing listing)
    {
        var listed = new List<ContentHash>();
        await foreach (var stored in listing.ListAsync(CancellationToken.None))
        {
            listed.Add(stored.Hash);
        }

        return listed;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
