using System.IO.Compression;
using Microsoft.ML;

namespace Penguins;

/// <summary>
/// Saves a model as ML.NET's zip with every entry dated 1980-01-01, so the same model gives the same bytes: ML.NET
/// stamps entries with the time of saving, which would make every retraining (and 'ariadne reproduce') a new file.
/// </summary>
internal static class ModelFile
{
    private static readonly DateTimeOffset Fixed = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Save(MLContext ml, ITransformer model, DataViewSchema schema, string path)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, schema, saved);
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
