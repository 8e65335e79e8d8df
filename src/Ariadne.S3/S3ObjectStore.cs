using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.S3;

/// <summary>
/// A remote in an S3-compatible bucket, laid out like the cache: <c>prefix/ab/cdef…</c>. Small objects go up in one
/// PUT, large ones as a multipart upload that is aborted on failure, so an object appears whole or not at all.
/// </summary>
/// <remarks>
/// Every upload sets <c>UseChunkEncoding = false</c> and the client only computes checksums when S3 requires them:
/// AWSSDK 4 otherwise sends aws-chunked, chunk-signed bodies, which some S3-compatible servers (s3rver among them)
/// store verbatim, silently corrupting every object.
/// </remarks>
internal sealed class S3ObjectStore : IObjectStore, IObjectListing, IDisposable
{
    /// <summary>S3 allows at most this many parts in one multipart upload.</summary>
    private const int MaximumParts = 10_000;

    private const int PartUploadParallelism = 4;

    private readonly IAmazonS3 _client;
    private readonly S3Location _location;
    private readonly S3StoreOptions _options;

    public S3ObjectStore(RemoteSettings settings)
        : this(settings, Environment.GetEnvironmentVariable)
    {
    }

    /// <param name="settings">The remote's URL and options.</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    /// <param name="configure">Adjusts the SDK configuration last, e.g. so tests can watch the HTTP traffic.</param>
    public S3ObjectStore(RemoteSettings settings, Func<string, string?> environment, Action<AmazonS3Config>? configure = null)
    {
        _location = S3Location.Parse(settings.Url);
        _options = S3StoreOptions.From(settings, environment);
        Description = _location.Url;
        _client = CreateClient(_options, Description, configure);
    }

    public string Description { get; }

    internal S3Location Location => _location;

    internal S3StoreOptions Options => _options;

    public async Task<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_location.Bucket, _location.KeyOf(hash), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (Exception e) when (IsRemoteFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public async Task PutAsync(ContentHash hash, string sourceFile, CancellationToken cancellationToken)
    {
        var length = new FileInfo(sourceFile).Length;
        var key = _location.KeyOf(hash);
        try
        {
            if (length >= _options.MultipartThresholdBytes)
            {
                await PutMultipartAsync(key, sourceFile, length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _location.Bucket,
                    Key = key,
                    FilePath = sourceFile,
                    ContentType = "application/octet-stream",
                    UseChunkEncoding = false,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsRemoteFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public async Task<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_location.Bucket, _location.KeyOf(hash), cancellationToken).ConfigureAwait(false);
            return new S3ObjectReadStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw AriadneException.ObjectNotFound(hash.Hex, $"remote {Description}");
        }
        catch (Exception e) when (IsRemoteFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await ListPageAsync(continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.S3Objects ?? [])
            {
                if (_location.TryParseKey(entry.Key, out var hash))
                {
                    yield return new StoredObject(hash, entry.Size ?? -1);
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public void Dispose() => _client.Dispose();

    private async Task<ListObjectsV2Response> ListPageAsync(string? continuation, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _location.Bucket,
                Prefix = _location.KeyPrefix.Length == 0 ? null : _location.KeyPrefix,
                ContinuationToken = continuation,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRemoteFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    private async Task PutMultipartAsync(string key, string sourceFile, long length, CancellationToken cancellationToken)
    {
        var partSize = Math.Max(_options.MultipartChunkBytes, (length + MaximumParts - 1) / MaximumParts);
        var partCount = (int)((length + partSize - 1) / partSize);

        var started = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _location.Bucket,
            Key = key,
            ContentType = "application/octet-stream",
        }, cancellationToken).ConfigureAwait(false);

        try
        {
            var etags = new PartETag[partCount];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, partCount),
                new ParallelOptions { MaxDegreeOfParallelism = PartUploadParallelism, CancellationToken = cancellationToken },
                async (index, ct) =>
                {
                    var position = index * partSize;
                    var response = await _client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = _location.Bucket,
                        Key = key,
                        UploadId = started.UploadId,
                        PartNumber = index + 1,
                        FilePath = sourceFile,
                        FilePosition = position,
                        PartSize = Math.Min(partSize, length - position),
                        IsLastPart = index == partCount - 1,
                        UseChunkEncoding = false,
                    }, ct).ConfigureAwait(false);
                    etags[index] = new PartETag(index + 1, response.ETag);
                }).ConfigureAwait(false);

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _location.Bucket,
                Key = key,
                UploadId = started.UploadId,
                PartETags = [.. etags],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortQuietlyAsync(key, started.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled push must still clean up its parts.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = _location.Bucket,
                Key = key,
                UploadId = uploadId,
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The upload failed already and that error is the one to report; a bucket lifecycle rule can reap the parts.
        }
    }

    private static IAmazonS3 CreateClient(S3StoreOptions options, string description, Action<AmazonS3Config>? configure)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 demands them: WHEN_SUPPORTED (the SDK 4 default) sends aws-chunked bodies with
            // trailing checksums that S3-compatible servers such as s3rver do not understand.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        configure?.Invoke(config);

        try
        {
            if (options.AccessKeyId is { } accessKey && options.SecretAccessKey is { } secretKey)
            {
                AWSCredentials credentials = options.SessionToken is { } token
                    ? new SessionAWSCredentials(accessKey, secretKey, token)
                    : new BasicAWSCredentials(accessKey, secretKey);
                return new AmazonS3Client(credentials, config);
            }

            return new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw AriadneException.RemoteUnavailable(description,
                $"no AWS credentials were found ({e.Message}); set the remote's '{S3StoreOptions.AccessKeyIdKey}' and '{S3StoreOptions.SecretAccessKeyKey}' options, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile", e);
        }
    }

    /// <summary>True for failures of the remote or the way there; false for the caller's own cancellation and for bugs.</summary>
    private static bool IsRemoteFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        AriadneException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or TimeoutException => true,
        IOException => true,
        _ => false,
    };

    private AriadneException Unavailable(Exception e) => AriadneException.RemoteUnavailable(Description, Describe(e), e);

    private string Describe(Exception e)
    {
        var endpoint = _options.Endpoint?.ToString() ?? $"AWS S3 in {_options.Region}";
        return e switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                $"bucket '{_location.Bucket}' does not exist at {endpoint}; create it first (for example 'aws s3 mb s3://{_location.Bucket}') or fix the remote URL",
            AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } s =>
                $"access was denied (HTTP {(int)s.StatusCode}{ErrorDetail(s)}); check '{S3StoreOptions.AccessKeyIdKey}' and '{S3StoreOptions.SecretAccessKeyKey}' (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) and the bucket's permissions",
            AmazonServiceException { StatusCode: HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect } s =>
                $"the bucket lives in another region than '{_options.Region}' (HTTP {(int)s.StatusCode}{ErrorDetail(s)}); set the remote's '{S3StoreOptions.RegionKey}' option",
            AmazonServiceException s =>
                $"{endpoint} answered HTTP {(int)s.StatusCode}{ErrorDetail(s)}",
            OperationCanceledException or TimeoutException =>
                $"{endpoint} did not answer in time",
            _ => $"nothing answered at {endpoint} ({Innermost(e).Message.TrimEnd('.')}); check that the server is running and the network is up",
        };
    }

    private static string ErrorDetail(AmazonServiceException e)
    {
        var code = string.IsNullOrEmpty(e.ErrorCode) ? "" : $" {e.ErrorCode}";
        var message = string.IsNullOrEmpty(e.Message) ? "" : $": {e.Message.TrimEnd('.')}";
        return code + message;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
