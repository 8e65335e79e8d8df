using System.Globalization;

namespace Penguins;

/// <summary>One bird: the columns of every CSV the stages write (empty text for a missing value).</summary>
internal sealed record Row(string Species, string Island, string BeakLengthMm, string BeakDepthMm, string FlipperLengthMm, string BodyMassG, string Sex)
{
    public const string Header = "species,island,beak_length_mm,beak_depth_mm,flipper_length_mm,body_mass_g,sex";

    public IEnumerable<string> Fields => [Species, Island, BeakLengthMm, BeakDepthMm, FlipperLengthMm, BodyMassG, Sex];

    public string ToCsv() => string.Join(',', Fields);

    public static Row FromCsv(string line)
    {
        var f = line.Split(',');
        if (f.Length != 7)
        {
            throw new InvalidDataException($"Expected 7 fields, got {f.Length}: '{line}'.");
        }

        return new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    }
}

internal static class Table
{
    public static List<Row> Read(string path) =>
        [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(Row.FromCsv)];

    public static void Write(string path, IEnumerable<Row> rows)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllLines(path, [Row.Header, .. rows.Select(r => r.ToCsv())]);
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
