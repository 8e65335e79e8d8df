using System.Buffers;

namespace Ariadne.Data.Reading;

/// <summary>Finds where a file first stops being UTF-8, so the error names the line rather than the buffer it fell in.</summary>
internal static class InvalidUtf8
{
    /// <summary>"line N, byte B" of the first invalid byte sequence, or null when the whole file is valid.</summary>
    public static string? Locate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length];
        long line = 1, offset = 0;
        var carried = 0;
        while (true)
        {
            var read = stream.Read(buffer, carried, buffer.Length - carried);
            var length = carried + read;
            var final = read == 0;
            if (length == 0)
            {
                return null;
            }

            var status = System.Text.Unicode.Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
            line += buffer.AsSpan(0, consumed).Count((byte)'\n');
            if (status == OperationStatus.InvalidData)
            {
                return $"line {line}, byte {offset + consumed + 1}";
            }

            offset += consumed;
            if (final)
            {
                return null;
            }

            carried = length - consumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, carried);
        }
    }

    /// <summary>The error for a file whose decoding failed somewhere after <paramref name="fromLine"/>.</summary>
    public static AriadneException Error(string path, long fromLine) =>
        AriadneException.NotUtf8(path, Locate(path) ?? $"line {fromLine} or shortly after");
}
