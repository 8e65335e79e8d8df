using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ariadne.Tracking.Search;

/// <summary>
/// The opaque page token: base64url of <c>v1:&lt;offset&gt;:&lt;check&gt;</c>, where the check is a hash of the
/// offset, so a token that was edited or truncated is refused rather than silently read as another offset.
/// </summary>
internal static class PageToken
{
    /// <summary>Offsets beyond this are refused (no store holds that many runs).</summary>
    public const long MaxOffset = 1L << 48;

    public static string Encode(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var text = $"v1:{offset.ToString(CultureInfo.InvariantCulture)}:{Check(offset)}";
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The offset a token stands for; 0 for null or empty (the first page).</summary>
    public static long Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        if (token.Length > 64)
        {
            throw Invalid(token);
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            throw Invalid(token);
        }

        var parts = Encoding.ASCII.GetString(bytes).Split(':');
        if (parts.Length != 3 || parts[0] != "v1"
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || offset > MaxOffset
            || parts[1] != offset.ToString(CultureInfo.InvariantCulture)
            || parts[2] != Check(offset))
        {
            throw Invalid(token);
        }

        return offset;
    }

    private static string Check(long offset)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes($"ariadne-run-page:{offset.ToString(CultureInfo.InvariantCulture)}"));
        return Convert.ToHexStringLower(hash, 0, 6);
    }

    private static AriadneException Invalid(string token) =>
        AriadneException.InvalidArgument(
            $"Invalid page token '{(token.Length > 80 ? token[..80] + "..." : token)}'. Pass the next page token of the previous page unchanged, or no token for the first page.");
}
