using Microsoft.ML;
using Microsoft.ML.Data;

namespace Penguins;

/// <summary>A row of the split CSVs as ML.NET loads it.</summary>
public sealed class PenguinInput
{
    [LoadColumn(0)] public string Species { get; set; } = "";
    [LoadColumn(1)] public string Island { get; set; } = "";
    [LoadColumn(2)] public float BeakLengthMm { get; set; }
    [LoadColumn(3)] public float BeakDepthMm { get; set; }
    [LoadColumn(4)] public float FlipperLengthMm { get; set; }
    [LoadColumn(5)] public float BodyMassG { get; set; }
    [LoadColumn(6)] public string Sex { get; set; } = "";
}

/// <summary>What the model says about one bird.</summary>
public sealed class PenguinPrediction
{
    public string Species { get; set; } = "";

    [ColumnName("PredictedSpecies")]
    public string PredictedSpecies { get; set; } = "";
}

internal static class Model
{
    public static IDataView Load(MLContext ml, string csv) => ml.Data.LoadFromTextFile<PenguinInput>(csv, separatorChar: ',', hasHeader: true);

    /// <summary>
    /// Features: the four measurements scaled to mean 0 and variance 1 (fitted on the training rows), island and sex
    /// one-hot. Trainer: multiclass logistic regression (maximum entropy) by L-BFGS, stopped after
    /// <paramref name="iterations"/> iterations.
    /// </summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, int iterations, float l2) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(PenguinInput.Species))
            .Append(ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("IslandCode", nameof(PenguinInput.Island)), new InputOutputColumnPair("SexCode", nameof(PenguinInput.Sex))]))
            .Append(ml.Transforms.Concatenate("Measurements", nameof(PenguinInput.BeakLengthMm), nameof(PenguinInput.BeakDepthMm), nameof(PenguinInput.FlipperLengthMm), nameof(PenguinInput.BodyMassG)))
            .Append(ml.Transforms.NormalizeMeanVariance("Measurements"))
            .Append(ml.Transforms.Concatenate("Features", "Measurements", "IslandCode", "SexCode"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                MaximumNumberOfIterations = iterations,
                L2Regularization = l2,
                OptimizationTolerance = 1e-7f,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
}
