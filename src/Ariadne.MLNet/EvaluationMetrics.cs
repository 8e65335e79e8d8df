using Ariadne.Tracking;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// The numbers of ML.NET's evaluation results as metrics named <c>{prefix}.{name}</c> (names in docs/mlnet.md). A
/// number ML.NET reports as NaN or infinite (e.g. a clustering's NMI without labels) is left out rather than stored.
/// </summary>
internal static class EvaluationMetrics
{
    public static void Log(ActiveRun run, string prefix, long? step, IEnumerable<(string Name, double Value)> metrics)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            throw AriadneException.InvalidArgument("An evaluation's metric prefix must not be empty; name the data it scored, e.g. \"validation\".");
        }

        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value))
            {
                run.LogMetric($"{prefix}.{name}", value, step);
            }
        }
    }

    public static IEnumerable<(string, double)> Of(BinaryClassificationMetrics metrics)
    {
        yield return ("accuracy", metrics.Accuracy);
        yield return ("auc", metrics.AreaUnderRocCurve);
        yield return ("auprc", metrics.AreaUnderPrecisionRecallCurve);
        yield return ("f1_score", metrics.F1Score);
        yield return ("positive_precision", metrics.PositivePrecision);
        yield return ("positive_recall", metrics.PositiveRecall);
        yield return ("negative_precision", metrics.NegativePrecision);
        yield return ("negative_recall", metrics.NegativeRecall);
        if (metrics is CalibratedBinaryClassificationMetrics calibrated)
        {
            yield return ("log_loss", calibrated.LogLoss);
            yield return ("log_loss_reduction", calibrated.LogLossReduction);
            yield return ("entropy", calibrated.Entropy);
        }
    }

    public static IEnumerable<(string, double)> Of(MulticlassClassificationMetrics metrics)
    {
        yield return ("accuracy", metrics.MicroAccuracy);
        yield return ("macro_accuracy", metrics.MacroAccuracy);
        yield return ("log_loss", metrics.LogLoss);
        yield return ("log_loss_reduction", metrics.LogLossReduction);
        if (metrics.TopKPredictionCount > 0)
        {
            yield return ("top_k_accuracy", metrics.TopKAccuracy);
        }
    }

    public static IEnumerable<(string, double)> Of(RegressionMetrics metrics)
    {
        yield return ("mae", metrics.MeanAbsoluteError);
        yield return ("mse", metrics.MeanSquaredError);
        yield return ("rmse", metrics.RootMeanSquaredError);
        yield return ("r_squared", metrics.RSquared);
        yield return ("loss", metrics.LossFunction);
    }

    public static IEnumerable<(string, double)> Of(RankingMetrics metrics)
    {
        for (var i = 0; i < metrics.NormalizedDiscountedCumulativeGains.Count; i++)
        {
            yield return ($"ndcg_at_{i + 1}", metrics.NormalizedDiscountedCumulativeGains[i]);
        }

        for (var i = 0; i < metrics.DiscountedCumulativeGains.Count; i++)
        {
            yield return ($"dcg_at_{i + 1}", metrics.DiscountedCumulativeGains[i]);
        }
    }

    public static IEnumerable<(string, double)> Of(ClusteringMetrics metrics)
    {
        yield return ("average_distance", metrics.AverageDistance);
        yield return ("davies_bouldin_index", metrics.DaviesBouldinIndex);
        yield return ("normalized_mutual_information", metrics.NormalizedMutualInformation);
    }
}
