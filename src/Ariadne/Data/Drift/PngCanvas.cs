using System.Buffers.Binary;
using System.IO.Compression;

namespace Ariadne.Data.Drift;

/// <summary>
/// A small RGB raster with rectangle and line drawing, saved as PNG (zlib from the BCL, CRC-32 here). Enough for bar
/// charts without a graphics library, so the Native AOT tool needs no native dependency.
/// </summary>
internal sealed class PngCanvas
{
    private static readonly uint[] CrcTable = BuildCrcTable();
    private readonly byte[] _pixels;

    public PngCanvas(int width, int height, (byte R, byte G, byte B) background)
    {
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public void FillRectangle(int x, int y, int width, int height, (byte R, byte G, byte B) color, double alpha = 1)
    {
        var x0 = Math.Clamp(x, 0, Width);
        var y0 = Math.Clamp(y, 0, Height);
        var x1 = Math.Clamp(x + width, 0, Width);
        var y1 = Math.Clamp(y + height, 0, Height);
        for (var row = y0; row < y1; row++)
        {
            for (var col = x0; col < x1; col++)
            {
                var i = ((row * Width) + col) * 3;
                _pixels[i] = Blend(_pixels[i], color.R, alpha);
                _pixels[i + 1] = Blend(_pixels[i + 1], color.G, alpha);
                _pixels[i + 2] = Blend(_pixels[i + 2], color.B, alpha);
            }
        }
    }

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round((under * (1 - alpha)) + (over * alpha));

    public void Save(Stream output)
    {
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var row = 0; row < Height; row++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(_pixels, row * Width * 3, Width * 3);
            }
        }

        WriteChunk(output, "IDAT", raw.ToArray());
        WriteChunk(output, "IEND", []);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFF, typeBytes), data) ^ 0xFFFFFFFF;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
