using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;

namespace Ariadne.MLNet;

/// <summary>
/// ML.NET's model zip with every entry dated 1980-01-01, so the same model gives the same bytes. ML.NET stamps each
/// entry with the time of saving, which would make every retraining a new artifact in the content store and every
/// <c>ariadne reproduce</c> of an autologged run report a different model.
/// The model is saved once, in memory, and the dates are written over in place in the zip's headers (each entry's
/// local header and its central directory record), so nothing is decompressed or compressed again. A zip this cannot
/// read plainly (ZIP64, extra timestamp fields) is rewritten entry by entry instead.
/// </summary>
internal static class ModelZip
{
    private static readonly DateTimeOffset Fixed = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The MS-DOS date and time of 1980-01-01 00:00:00 as the zip format stores them: (year - 1980) << 9 | month << 5 | day, and 0.
    private const ushort FixedDosDate = (1 << 5) | 1;
    private const ushort FixedDosTime = 0;

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const int EndOfCentralDirectorySize = 22;
    private const int CentralHeaderSize = 46;
    private const int LocalHeaderSize = 30;

    /// <summary>The model's zip with fixed entry dates.</summary>
    public static byte[] Save(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, inputSchema, saved);
        var bytes = saved.ToArray();
        return TryFixDates(bytes) ? bytes : Rewrite(bytes);
    }

    /// <summary>Writes the fixed date over every entry's dates in <paramref name="zip"/>; false when the zip is not one this reads (then it may be half done).</summary>
    internal static bool TryFixDates(Span<byte> zip)
    {
        var end = FindEndOfCentralDirectory(zip);
        if (end < 0)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip[(end + 10)..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(zip[(end + 12)..]);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(zip[(end + 16)..]);
        if (count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue || (long)offset + size > end)
        {
            return false; // ZIP64, or a directory that is not where the end record says
        }

        var position = (int)offset;
        for (var i = 0; i < count; i++)
        {
            if (position + CentralHeaderSize > end || BinaryPrimitives.ReadUInt32LittleEndian(zip[position..]) != CentralHeaderSignature)
            {
                return false;
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(position + 28)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(position + 30)..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(position + 32)..]);
            var local = BinaryPrimitives.ReadUInt32LittleEndian(zip[(position + 42)..]);
            var next = position + CentralHeaderSize + nameLength + extraLength + commentLength;
            if (next > end || local == uint.MaxValue || local + LocalHeaderSize > offset
                || HasTimestampField(zip.Slice(position + CentralHeaderSize + nameLength, extraLength)))
            {
                return false;
            }

            var header = (int)local;
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[header..]) != LocalHeaderSignature)
            {
                return false;
            }

            var localName = BinaryPrimitives.ReadUInt16LittleEndian(zip[(header + 26)..]);
            var localExtra = BinaryPrimitives.ReadUInt16LittleEndian(zip[(header + 28)..]);
            if (header + LocalHeaderSize + localName + localExtra > offset || HasTimestampField(zip.Slice(header + LocalHeaderSize + localName, localExtra)))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(zip[(position + 12)..], FixedDosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(zip[(position + 14)..], FixedDosDate);
            BinaryPrimitives.WriteUInt16LittleEndian(zip[(header + 10)..], FixedDosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(zip[(header + 12)..], FixedDosDate);
            position = next;
        }

        return true;
    }

    /// <summary>The zip copied entry by entry with the fixed date (decompressed and compressed again).</summary>
    internal static byte[] Rewrite(byte[] zip)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var buffer = new MemoryStream();
        using (var target = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = Fixed;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return buffer.ToArray();
    }

    private static int FindEndOfCentralDirectory(ReadOnlySpan<byte> zip)
    {
        // The end record is the last 22 bytes, unless the archive has a comment (up to 65535 bytes) after it.
        var lowest = Math.Max(0, zip.Length - EndOfCentralDirectorySize - ushort.MaxValue);
        for (var i = zip.Length - EndOfCentralDirectorySize; i >= lowest; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[i..]) == EndOfCentralDirectorySignature
                && i + EndOfCentralDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(zip[(i + 20)..]) == zip.Length)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when the extra fields carry times of their own (extended timestamp 0x5455, NTFS 0x000a, Unix 0x5855).</summary>
    private static bool HasTimestampField(ReadOnlySpan<byte> extra)
    {
        var i = 0;
        while (i + 4 <= extra.Length)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[i..]);
            if (id is 0x5455 or 0x000a or 0x5855)
            {
                return true;
            }

            i += 4 + BinaryPrimitives.ReadUInt16LittleEndian(extra[(i + 2)..]);
        }

        return false;
    }
}
