namespace Ariadne.Monitoring;

/// <summary>A window's metrics against the labels that arrived for it: accuracy, macro F1 and AUC for classifiers; RMSE and MAE for regressors (null where not defined).</summary>
internal sealed record WindowPerformance(long LabelledRows, double? Accuracy, double? F1, double? Auc, double? Rmse, double? Mae)
{
    /// <summary>Classification metrics. <paramref name="scores"/> holds each row's score of the predicted class (NaN where unknown).</summary>
    public static WindowPerformance Classification(IReadOnlyList<string> predicted, IReadOnlyList<string> actual, IReadOnlyList<double> scores)
    {
        var n = predicted.Count;
        var classes = actual.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        long correct = 0;
        var tp = new Dictionary<string, long>(StringComparer.Ordinal);
        var fp = new Dictionary<string, long>(StringComparer.Ordinal);
        var fn = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (predicted[i] == actual[i])
            {
                correct++;
                tp[actual[i]] = tp.GetValueOrDefault(actual[i]) + 1;
            }
            else
            {
                fp[predicted[i]] = fp.GetValueOrDefault(predicted[i]) + 1;
                fn[actual[i]] = fn.GetValueOrDefault(actual[i]) + 1;
            }
        }

        // Macro F1 over the classes seen in labels or predictions (scikit-learn's default; 0 for a class with no support and no predictions).
        var f1 = classes.Average(c =>
        {
            double t = tp.GetValueOrDefault(c), denominator = 2 * t + fp.GetValueOrDefault(c) + fn.GetValueOrDefault(c);
            return denominator == 0 ? 0 : 2 * t / denominator;
        });
        return new WindowPerformance(n, (double)correct / n, f1, AreaUnderCurve(predicted, actual, scores, classes), null, null);
    }

    public static WindowPerformance Regression(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        double squares = 0, absolute = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            var e = predicted[i] - actual[i];
            squares += e * e;
            absolute += Math.Abs(e);
        }

        return new WindowPerformance(predicted.Count, null, null, null, Math.Sqrt(squares / predicted.Count), absolute / predicted.Count);
    }

    /// <summary>
    /// ROC AUC from the predicted class's score. Binary labels: the positive class is the second in ordinal order (as
    /// scikit-learn orders labels) and its probability is the score when it was predicted, 1 − score otherwise. More
    /// classes: the macro average of one-vs-rest AUCs, where a class's score is the score when it was predicted and
    /// (1 − score) / (K − 1) otherwise (the log keeps only the predicted class's probability). Null without scores or
    /// with one label class.
    /// </summary>
    private static double? AreaUnderCurve(IReadOnlyList<string> predicted, IReadOnlyList<string> actual, IReadOnlyList<double> scores, string[] classes)
    {
        var labelClasses = actual.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labelClasses.Length < 2 || scores.Any(double.IsNaN))
        {
            return null;
        }

        if (labelClasses.Length == 2)
        {
            var positive = labelClasses[1];
            return BinaryAuc(i => predicted[i] == positive ? scores[i] : 1 - scores[i], i => actual[i] == positive, actual.Count);
        }

        var k = Math.Max(2, classes.Length);
        var aucs = new List<double>();
        foreach (var c in labelClasses)
        {
            if (BinaryAuc(i => predicted[i] == c ? scores[i] : (1 - scores[i]) / (k - 1), i => actual[i] == c, actual.Count) is { } auc)
            {
                aucs.Add(auc);
            }
        }

        return aucs.Count == 0 ? null : aucs.Average();
    }

    /// <summary>Mann–Whitney AUC with tied scores sharing their average rank.</summary>
    internal static double? BinaryAuc(Func<int, double> score, Func<int, bool> positive, int n)
    {
        var order = Enumerable.Range(0, n).Select(i => (Score: score(i), Positive: positive(i))).OrderBy(x => x.Score).ToArray();
        double positives = order.Count(x => x.Positive), negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        double rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && order[j].Score == order[i].Score)
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0;
            for (var t = i; t < j; t++)
            {
                if (order[t].Positive)
                {
                    rankSum += averageRank;
                }
            }

            i = j;
        }

        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
