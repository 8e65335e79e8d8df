using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Tests.Serving;

/// <summary>
/// A small ML.NET classifier of the penguins in examples/penguins/data (copied into the repository, with its source),
/// trained in the test and saved with the schema of its features only (the label is mapped outside the saved model, so
/// serving does not ask for it), plus an in-process PredictionEngine to compare the server with.
/// </summary>
internal sealed class PenguinsModel
{
    public static readonly string[] Features = ["Island", "Sex", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];

    private readonly MLContext _ml;
    private readonly ITransformer _model;

    private PenguinsModel(MLContext ml, ITransformer model, IReadOnlyList<PenguinRow> rows)
    {
        _ml = ml;
        _model = model;
        Rows = rows;
    }

    public IReadOnlyList<PenguinRow> Rows { get; }

    /// <summary>Trains on the penguins; <paramref name="iterations"/> makes versions that differ.</summary>
    public static PenguinsModel Train(int iterations = 100)
    {
        var rows = Load();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var labelled = ml.Transforms.Conversion.MapValueToKey("Label", nameof(PenguinRow.Species)).Fit(data).Transform(data);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("IslandCode", "Island"), new InputOutputColumnPair("SexCode", "Sex")])
            .Append(ml.Transforms.Concatenate("Features", "IslandCode", "SexCode", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                MaximumNumberOfIterations = iterations,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return new PenguinsModel(ml, pipeline.Fit(labelled), rows);
    }

    /// <summary>Saves the model with the input schema of the features alone.</summary>
    public string Save(string path)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<PenguinFeatures>()).Schema;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _ml.Model.Save(_model, schema, path);
        return path;
    }

    public PenguinPrediction Predict(PenguinRow row)
    {
        using var engine = _ml.Model.CreatePredictionEngine<PenguinFeatures, PenguinPrediction>(_model);
        return engine.Predict(row.AsFeatures());
    }

    public PredictionEngine<PenguinFeatures, PenguinPrediction> Engine() => _ml.Model.CreatePredictionEngine<PenguinFeatures, PenguinPrediction>(_model);

    /// <summary>The row as the JSON object a client sends.</summary>
    public static Dictionary<string, object> Json(PenguinRow row) => new()
    {
        ["Island"] = row.Island,
        ["Sex"] = row.Sex,
        ["Beak Length (mm)"] = row.BeakLength,
        ["Beak Depth (mm)"] = row.BeakDepth,
        ["Flipper Length (mm)"] = row.FlipperLength,
        ["Body Mass (g)"] = row.BodyMass,
    };

    private static List<PenguinRow> Load()
    {
        var file = Path.Combine(RepositoryRoot(), "examples", "penguins", "data", "penguins.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var rows = new List<PenguinRow>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (Text(e, "Species") is not { } species || Text(e, "Island") is not { } island || Text(e, "Sex") is not { } sex
                || Number(e, "Beak Length (mm)") is not { } beakLength || Number(e, "Beak Depth (mm)") is not { } beakDepth
                || Number(e, "Flipper Length (mm)") is not { } flipper || Number(e, "Body Mass (g)") is not { } mass)
            {
                continue;
            }

            rows.Add(new PenguinRow { Species = species, Island = island, Sex = sex, BeakLength = beakLength, BeakDepth = beakDepth, FlipperLength = flipper, BodyMass = mass });
        }

        return rows;
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && s != "." ? s : null;

    private static float? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ariadne.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (Ariadne.sln) is not above " + AppContext.BaseDirectory);
    }
}

public sealed class PenguinFeatures
{
    public string Island { get; set; } = "";

    public string Sex { get; set; } = "";

    [ColumnName("Beak Length (mm)")]
    public float BeakLength { get; set; }

    [ColumnName("Beak Depth (mm)")]
    public float BeakDepth { get; set; }

    [ColumnName("Flipper Length (mm)")]
    public float FlipperLength { get; set; }

    [ColumnName("Body Mass (g)")]
    public float BodyMass { get; set; }
}

public sealed class PenguinRow
{
    public string Species { get; set; } = "";

    public string Island { get; set; } = "";

    public string Sex { get; set; } = "";

    [ColumnName("Beak Length (mm)")]
    public float BeakLength { get; set; }

    [ColumnName("Beak Depth (mm)")]
    public float BeakDepth { get; set; }

    [ColumnName("Flipper Length (mm)")]
    public float FlipperLength { get; set; }

    [ColumnName("Body Mass (g)")]
    public float BodyMass { get; set; }

    public PenguinFeatures AsFeatures() => new() { Island = Island, Sex = Sex, BeakLength = BeakLength, BeakDepth = BeakDepth, FlipperLength = FlipperLength, BodyMass = BodyMass };
}

public sealed class PenguinPrediction
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = [];
}
