using System.Globalization;
using Ariadne.Remotes;

namespace Ariadne.S3;

/// <summary>
/// The options of an S3 remote, read from the remote's settings and then the standard AWS environment variables.
/// Validated here, once, so a typo fails when the remote opens rather than half-way through a push.
/// </summary>
internal sealed record S3StoreOptions
{
    public const string EndpointKey = "endpoint";
    public const string RegionKey = "region";
    public const string AccessKeyIdKey = "access_key_id";
    public const string SecretAccessKeyKey = "secret_access_key";
    public const string SessionTokenKey = "session_token";
    public const string MultipartThresholdKey = "multipart_threshold_mb";
    public const string MultipartChunkKey = "multipart_chunk_mb";

    public const string DefaultRegion = "us-east-1";
    public const int DefaultMultipartThresholdMb = 64;
    public const int DefaultMultipartChunkMb = 16;

    /// <summary>S3 refuses parts under 5 MiB (except the last).</summary>
    public const int MinimumChunkMb = 5;

    /// <summary>A custom endpoint (MinIO, s3rver…), or null for AWS itself.</summary>
    public Uri? Endpoint { get; init; }

    public required string Region { get; init; }

    /// <summary>Explicit keys, or null to use the SDK's default credential chain (profiles, SSO, instance roles…).</summary>
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public long MultipartThresholdBytes { get; init; } = DefaultMultipartThresholdMb * (1L << 20);

    public long MultipartChunkBytes { get; init; } = DefaultMultipartChunkMb * (1L << 20);

    /// <summary>Reads the options for <paramref name="settings"/>, falling back to <paramref name="environment"/>.</summary>
    public static S3StoreOptions From(RemoteSettings settings, Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;

        var endpointText = settings.Option(EndpointKey) ?? Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL");
        var region = settings.Option(RegionKey) ?? Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? DefaultRegion;

        var accessKey = settings.Option(AccessKeyIdKey);
        var secretKey = settings.Option(SecretAccessKeyKey);
        var sessionToken = settings.Option(SessionTokenKey);
        if ((accessKey is null) != (secretKey is null))
        {
            throw AriadneException.InvalidArgument(
                $"Remote '{settings.Name}' sets only one of '{AccessKeyIdKey}' and '{SecretAccessKeyKey}'. Set both, or neither to use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS credential chain.");
        }

        if (accessKey is null)
        {
            accessKey = Env("AWS_ACCESS_KEY_ID");
            secretKey = Env("AWS_SECRET_ACCESS_KEY");
            sessionToken = Env("AWS_SESSION_TOKEN");
            if (accessKey is null || secretKey is null)
            {
                (accessKey, secretKey, sessionToken) = (null, null, null);
            }
        }

        var thresholdMb = ReadMegabytes(settings, MultipartThresholdKey, DefaultMultipartThresholdMb, minimum: 1);
        var chunkMb = ReadMegabytes(settings, MultipartChunkKey, DefaultMultipartChunkMb, minimum: MinimumChunkMb);

        return new S3StoreOptions
        {
            Endpoint = endpointText is null ? null : ParseEndpoint(settings.Name, endpointText),
            Region = region,
            AccessKeyId = accessKey,
            SecretAccessKey = secretKey,
            SessionToken = sessionToken,
            MultipartThresholdBytes = thresholdMb * (1L << 20),
            MultipartChunkBytes = chunkMb * (1L << 20),
        };
    }

    private static Uri ParseEndpoint(string remote, string text)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw AriadneException.InvalidArgument(
                $"Remote '{remote}' has endpoint '{text}', which is not an http(s) URL. Set '{EndpointKey}' to something like 'http://127.0.0.1:9000' or 'https://s3.example.org'.");
        }

        return uri;
    }

    private static long ReadMegabytes(RemoteSettings settings, string key, int fallback, int minimum)
    {
        var text = settings.Option(key);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > 5 * 1024)
        {
            throw AriadneException.InvalidArgument(
                $"Remote '{settings.Name}' has {key} = '{text}'. Use a whole number of MiB from {minimum} to 5120 (default {fallback}).");
        }

        return value;
    }
}
