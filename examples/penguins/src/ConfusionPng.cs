using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Penguins;

/// <summary>
/// Draws a confusion matrix as a PNG with no graphics library: an RGB pixel buffer, a 3x5 pixel font, and the PNG
/// container written by hand (zlib-compressed scanlines, CRC-32 per chunk). The same counts give the same bytes, so
/// the plot is reproducible and the run cache can compare it.
/// </summary>
internal static class ConfusionPng
{
    private const int Cell = 120;
    private const int Left = 150;
    private const int Top = 60;

    public static byte[] Draw(IReadOnlyList<string> classes, int[,] counts)
    {
        var n = classes.Count;
        var width = Left + (n * Cell) + 20;
        var height = Top + (n * Cell) + 50;
        var canvas = new Canvas(width, height);
        canvas.Fill(0, 0, width, height, (255, 255, 255));
        for (var i = 0; i < n; i++)
        {
            var rowTotal = Math.Max(1, Enumerable.Range(0, n).Sum(j => counts[i, j]));
            canvas.Text(10, Top + (i * Cell) + (Cell / 2) - 7, classes[i].ToUpperInvariant(), 3, (0, 0, 0));
            canvas.Text(Left + (i * Cell) + 4, Top - 22, classes[i].ToUpperInvariant(), 3, (0, 0, 0));
            for (var j = 0; j < n; j++)
            {
                var share = counts[i, j] / (double)rowTotal;
                var colour = ((byte)(255 - (share * 225)), (byte)(255 - (share * 165)), (byte)(255 - (share * 75)));
                var x = Left + (j * Cell);
                var y = Top + (i * Cell);
                canvas.Fill(x, y, Cell, Cell, (60, 60, 60));
                canvas.Fill(x + 1, y + 1, Cell - 2, Cell - 2, colour);
                var label = counts[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture);
                var ink = share > 0.5 ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0);
                canvas.Text(x + (Cell / 2) - (label.Length * 12) + 3, y + (Cell / 2) - 12, label, 6, ink);
            }
        }

        canvas.Text(10, Top + (n * Cell) + 18, "ROWS: TRUE SPECIES   COLUMNS: PREDICTED", 3, (0, 0, 0));
        canvas.Text(10, 10, "CONFUSION MATRIX (VALIDATION)", 3, (0, 0, 0));
        return canvas.ToPng();
    }

    private sealed class Canvas(int width, int height)
    {
        private static readonly Dictionary<char, string> Font = new()
        {
            ['0'] = "111101101101111", ['1'] = "010110010010111", ['2'] = "111001111100111", ['3'] = "111001111001111",
            ['4'] = "101101111001001", ['5'] = "111100111001111", ['6'] = "111100111101111", ['7'] = "111001001001001",
            ['8'] = "111101111101111", ['9'] = "111101111001111", ['A'] = "010101111101101", ['B'] = "110101110101110",
            ['C'] = "011100100100011", ['D'] = "110101101101110", ['E'] = "111100110100111", ['F'] = "111100110100100",
            ['G'] = "011100101101011", ['H'] = "101101111101101", ['I'] = "111010010010111", ['J'] = "001001001101010",
            ['K'] = "101101110101101", ['L'] = "100100100100111", ['M'] = "101111111101101", ['N'] = "110101101101101",
            ['O'] = "010101101101010", ['P'] = "110101110100100", ['Q'] = "010101101110011", ['R'] = "110101110101101",
            ['S'] = "011100010001110", ['T'] = "111010010010010", ['U'] = "101101101101111", ['V'] = "101101101101010",
            ['W'] = "101101111111101", ['X'] = "101101010101101", ['Y'] = "101101010010010", ['Z'] = "111001010100111",
            [':'] = "000010000010000", ['('] = "010100100100010", [')'] = "010001001001010", ['-'] = "000000111000000",
            [' '] = "000000000000000",
        };

        private readonly byte[] _pixels = new byte[width * height * 3];

        public void Fill(int x, int y, int w, int h, (byte R, byte G, byte B) colour)
        {
            for (var row = Math.Max(0, y); row < Math.Min(height, y + h); row++)
            {
                for (var column = Math.Max(0, x); column < Math.Min(width, x + w); column++)
                {
                    var at = ((row * width) + column) * 3;
                    _pixels[at] = colour.R;
                    _pixels[at + 1] = colour.G;
                    _pixels[at + 2] = colour.B;
                }
            }
        }

        public void Text(int x, int y, string text, int scale, (byte R, byte G, byte B) colour)
        {
            foreach (var c in text)
            {
                var glyph = Font.GetValueOrDefault(c, Font[' ']);
                for (var i = 0; i < 15; i++)
                {
                    if (glyph[i] == '1')
                    {
                        Fill(x + (i % 3 * scale), y + (i / 3 * scale), scale, scale, colour);
                    }
                }

                x += 4 * scale;
            }
        }

        public byte[] ToPng()
        {
            var raw = new MemoryStream();
            for (var row = 0; row < height; row++)
            {
                raw.WriteByte(0); // filter: none
                raw.Write(_pixels, row * width * 3, width * 3);
            }

            var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                raw.Position = 0;
                raw.CopyTo(zlib);
            }

            var png = new MemoryStream();
            png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bit depth
            header[9] = 2; // colour type: RGB
            Chunk(png, "IHDR", header);
            Chunk(png, "IDAT", compressed.ToArray());
            Chunk(png, "IEND", []);
            return png.ToArray();
        }

        private static void Chunk(Stream png, string type, byte[] data)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
            png.Write(four);
            var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typeAndData));
            png.Write(four);
        }

        private static uint Crc32(byte[] bytes)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in bytes)
            {
                crc ^= b;
                for (var k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
