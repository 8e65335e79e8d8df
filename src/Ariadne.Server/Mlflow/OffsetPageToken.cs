using System.Globalization;
using System.Text;
using Ariadne.Server.Hosting;

namespace Ariadne.Server.Mlflow;

/// <summary>Page tokens for listings paged in memory (experiments, metric history, artifacts): the offset of the next item, base64-encoded.</summary>
internal static class OffsetPageToken
{
    public static int Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw ApiException.InvalidParameter($"Invalid page token '{token}'. Pass the next_page_token of the previous response unchanged.");
    }

    public static string? Next(int offset, int pageSize, int total) =>
        offset + pageSize < total ? Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (offset + pageSize).ToString(CultureInfo.InvariantCulture))) : null;

    public static IReadOnlyList<T> Page<T>(IReadOnlyList<T> all, string? token, int pageSize, out string? next)
    {
        var offset = Parse(token);
        next = Next(offset, pageSize, all.Count);
        return [.. all.Skip(offset).Take(pageSize)];
    }
}
