using System.IO.Compression;
using Microsoft.ML;

namespace Ariadne.MLNet;

/// <summary>
/// ML.NET's model zip with every entry dated 1980-01-01, so the same model gives the same bytes. ML.NET stamps each
/// entry with the time of saving, which would make every retraining a new artifact in the content store and every
/// <c>ariadne reproduce</c> of an autologged run report a different model.
/// </summary>
internal static class ModelZip
{
    private static readonly DateTimeOffset Fixed = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, inputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var file = File.Create(path);
        using var target = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = Fixed;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
