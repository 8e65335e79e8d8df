using Ariadne.Remotes;
using Ariadne.S3;

namespace Ariadne.Tests.S3;

/// <summary>How an S3 remote's options fall back to the standard AWS environment variables. No server needed.</summary>
public sealed class S3StoreOptionsTests
{
    private static RemoteSettings Remote(params (string Key, string Value)[] options) =>
        new("r", "s3://bucket/prefix", options.ToDictionary(o => o.Key, o => o.Value));

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Without_options_or_environment_the_defaults_apply()
    {
        var options = S3StoreOptions.From(Remote(), Environment());

        Assert.Null(options.Endpoint);
        Assert.Equal("us-east-1", options.Region);
        Assert.Null(options.AccessKeyId);
        Assert.Equal(64L << 20, options.MultipartThresholdBytes);
        Assert.Equal(16L << 20, options.MultipartChunkBytes);
    }

    [Fact]
    public void Environment_supplies_endpoint_region_and_keys_when_the_remote_does_not()
    {
        var options = S3StoreOptions.From(Remote(), Environment(
            ("AWS_ENDPOINT_URL", "http://generic:1"), ("AWS_ENDPOINT_URL_S3", "http://s3-specific:2"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "AK"), ("AWS_SECRET_ACCESS_KEY", "SK"), ("AWS_SESSION_TOKEN", "TOKEN")));

        Assert.Equal(new Uri("http://s3-specific:2"), options.Endpoint);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal(("AK", "SK", "TOKEN"), (options.AccessKeyId, options.SecretAccessKey, options.SessionToken));
    }

    [Fact]
    public void Remote_options_win_over_the_environment()
    {
        var options = S3StoreOptions.From(
            Remote(("endpoint", "http://127.0.0.1:4568"), ("region", "ap-south-1"), ("access_key_id", "mine"), ("secret_access_key", "secret"),
                ("multipart_threshold_mb", "8"), ("multipart_chunk_mb", "6")),
            Environment(("AWS_ENDPOINT_URL_S3", "http://other:2"), ("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "AK"), ("AWS_SECRET_ACCESS_KEY", "SK"), ("AWS_SESSION_TOKEN", "TOKEN")));

        Assert.Equal(new Uri("http://127.0.0.1:4568"), options.Endpoint);
        Assert.Equal("ap-south-1", options.Region);
        Assert.Equal(("mine", "secret", (string?)null), (options.AccessKeyId, options.SecretAccessKey, options.SessionToken));
        Assert.Equal(8L << 20, options.MultipartThresholdBytes);
        Assert.Equal(6L << 20, options.MultipartChunkBytes);
    }

    [Fact]
    public void Access_key_without_secret_is_an_invalid_argument()
    {
        var error = Assert.Throws<AriadneException>(() => S3StoreOptions.From(Remote(("access_key_id", "AK")), Environment()));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("secret_access_key", error.Message, StringComparison.Ordinal);
    }
}
