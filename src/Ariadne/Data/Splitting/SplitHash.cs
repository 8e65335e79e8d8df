using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Ariadne.Data.Splitting;

/// <summary>
/// A row's position in [0, 1): the first 8 bytes of BLAKE3("{seed}\u001f{key}") as a big-endian integer over 2^64.
/// It depends only on the seed and the row's key, so a row keeps its part when other rows are added or removed.
/// </summary>
internal static class SplitHash
{
    public static double Position(long seed, string key)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{seed}\u001f{key}");
        Span<byte> digest = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(text);
        Blake3.Hasher.Hash(bytes, digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The part for a position, by cumulative ratios.</summary>
    public static int Part(double position, IReadOnlyList<double> cumulative)
    {
        for (var i = 0; i < cumulative.Count - 1; i++)
        {
            if (position < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Count - 1;
    }
}
