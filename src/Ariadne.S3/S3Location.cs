using Ariadne.Content;

namespace Ariadne.S3;

/// <summary>
/// Where a remote lives in S3: a bucket and an optional key prefix, parsed from <c>s3://bucket/optional/prefix</c>.
/// Objects sit under the prefix laid out like the cache: <c>prefix/ab/cdef…</c>.
/// </summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    private const string SchemePrefix = "s3://";

    /// <summary>The canonical URL, used in messages: <c>s3://bucket</c> or <c>s3://bucket/prefix</c>.</summary>
    public string Url => Prefix.Length == 0 ? SchemePrefix + Bucket : $"{SchemePrefix}{Bucket}/{Prefix}";

    /// <summary>What every key of this remote starts with: empty, or the prefix and a slash.</summary>
    public string KeyPrefix => Prefix.Length == 0 ? "" : Prefix + "/";

    public static S3Location Parse(string url)
    {
        if (!url.StartsWith(SchemePrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(url, "it does not start with 's3://'");
        }

        var rest = url[SchemePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');

        if (bucket.Length == 0)
        {
            throw Invalid(url, "it names no bucket");
        }

        foreach (var c in bucket)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                throw Invalid(url, $"the bucket name '{bucket}' contains '{c}' (bucket names use letters, digits, '.', '-' and '_')");
            }
        }

        if (prefix.Contains("//", StringComparison.Ordinal) || prefix.Any(char.IsControl))
        {
            throw Invalid(url, $"the prefix '{prefix}' contains an empty path segment or a control character");
        }

        return new S3Location(bucket, prefix);
    }

    public string KeyOf(ContentHash hash) => $"{KeyPrefix}{hash.Hex[..2]}/{hash.Hex[2..]}";

    /// <summary>The hash a listed key stands for, when the key is an object of this remote.</summary>
    public bool TryParseKey(string key, out ContentHash hash)
    {
        hash = default;
        var prefix = KeyPrefix;
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var relative = key.AsSpan(prefix.Length);
        if (relative.Length != ContentHash.HexLength + 1 || relative[2] != '/')
        {
            return false;
        }

        return ContentHash.TryParse(string.Concat(relative[..2], relative[3..]), out hash);
    }

    private static AriadneException Invalid(string url, string problem) =>
        AriadneException.InvalidArgument($"Remote URL '{url}' is not a valid S3 URL: {problem}. Use the form s3://bucket/prefix (the prefix is optional), e.g. 's3://my-data/projects/ariadne'.");
}
