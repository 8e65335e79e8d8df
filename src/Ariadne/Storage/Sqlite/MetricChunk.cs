using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The blob of one <c>metric_chunks</c> row: <c>n</c> steps (int64), then <c>n</c> timestamps (int64), then <c>n</c>
/// values (IEEE double, NaN and infinities as they are), all little-endian, points in history order.
/// </summary>
internal static class MetricChunk
{
    public const int BytesPerPoint = 24;

    /// <summary>Most points in one chunk: big enough that history reads are a few large blobs, small enough to rewrite cheaply.</summary>
    public const int MaxPoints = 16_384;

    /// <summary>
    /// A series gets a few points at a time when a slow loop logs many metrics: a batch bringing at most this many
    /// points of a series goes into the series' last chunk (rewritten) while that chunk is smaller than
    /// <see cref="MergeBelow"/>, so histories logged point by point still read back as a few chunks. Larger
    /// batches always append a new chunk, so nothing is rewritten on the fast path.
    /// </summary>
    public const int SmallAppend = 16;

    /// <summary>Size below which the last chunk of a series takes small appends.</summary>
    public const int MergeBelow = 512;

    public static byte[] Encode(ReadOnlySpan<long> steps, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        var n = steps.Length;
        var blob = new byte[n * BytesPerPoint];
        var span = blob.AsSpan();
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(steps).CopyTo(span);
            MemoryMarshal.AsBytes(timestamps).CopyTo(span[(n * 8)..]);
            MemoryMarshal.AsBytes(values).CopyTo(span[(n * 16)..]);
            return blob;
        }

        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], steps[i]);
            BinaryPrimitives.WriteInt64LittleEndian(span[((n + i) * 8)..], timestamps[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(((2 * n) + i) * 8)..], values[i]);
        }

        return blob;
    }

    /// <summary>Decodes a chunk of <paramref name="count"/> points from <paramref name="blob"/> into the given spans.</summary>
    public static void Decode(ReadOnlySpan<byte> blob, int count, Span<long> steps, Span<long> timestamps, Span<double> values)
    {
        if (blob.Length != count * BytesPerPoint)
        {
            throw new InvalidDataException($"A metric chunk of {count} points holds {blob.Length} bytes instead of {count * BytesPerPoint}.");
        }

        if (BitConverter.IsLittleEndian)
        {
            blob[..(count * 8)].CopyTo(MemoryMarshal.AsBytes(steps));
            blob.Slice(count * 8, count * 8).CopyTo(MemoryMarshal.AsBytes(timestamps));
            blob.Slice(count * 16, count * 8).CopyTo(MemoryMarshal.AsBytes(values));
            return;
        }

        for (var i = 0; i < count; i++)
        {
            steps[i] = BinaryPrimitives.ReadInt64LittleEndian(blob[(i * 8)..]);
            timestamps[i] = BinaryPrimitives.ReadInt64LittleEndian(blob[((count + i) * 8)..]);
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(blob[(((2 * count) + i) * 8)..]);
        }
    }

    /// <summary>The smallest and largest value that is not NaN; null when every value is NaN.</summary>
    public static (double Min, double Max)? Range(ReadOnlySpan<double> values)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        var any = false;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            any = true;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return any ? (min, max) : null;
    }
}
