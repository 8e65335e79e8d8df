namespace Ariadne.Monitoring;

/// <summary>
/// A window's metrics against the labels that arrived for it: accuracy, macro F1 and AUC for classifiers; RMSE and MAE
/// for regressors (null where not defined). <see cref="AucNote"/> says why a classifier's AUC is null.
/// </summary>
internal sealed record WindowPerformance(long LabelledRows, double? Accuracy, double? F1, double? Auc, double? Rmse, double? Mae)
{
    /// <summary>The prefix of the prediction log's optional per-class probability columns: <c>score.{class}</c> (double).</summary>
    public const string ClassScorePrefix = "score.";

    /// <summary>Why <see cref="Auc"/> is null for a classifier's window (one label class, no scores, no per-class probabilities); null otherwise.</summary>
    public string? AucNote { get; init; }

    /// <summary>
    /// Classification metrics. <paramref name="scores"/> holds each row's score of the predicted class (NaN where
    /// unknown); <paramref name="classScores"/>, when the log has <c>score.{class}</c> columns, each row's probability of
    /// each class of <paramref name="scoreClasses"/> (null or NaN where unknown).
    /// </summary>
    public static WindowPerformance Classification(IReadOnlyList<string> predicted, IReadOnlyList<string> actual, IReadOnlyList<double> scores, IReadOnlyList<string>? scoreClasses = null, IReadOnlyList<double[]?>? classScores = null)
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
        var (auc, note) = AreaUnderCurve(predicted, actual, scores, classes, scoreClasses ?? [], classScores);
        return new WindowPerformance(n, (double)correct / n, f1, auc, null, null) { AucNote = note };
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
    /// ROC AUC as scikit-learn's <c>roc_auc_score</c> computes it.
    /// <list type="bullet">
    /// <item>With per-class probabilities (<c>score.{class}</c> for every class in the window's labels, on every
    /// labelled row): the macro average over the label classes of the one-vs-rest AUC of that class's probability
    /// (for two classes whose probabilities sum to 1 this is the binary AUC).</item>
    /// <item>Without them, binary only (two classes among labels and predictions): the positive class is the second in
    /// ordinal order and its probability is the score when it was predicted, 1 − score otherwise.</item>
    /// <item>Otherwise null with the reason: a multiclass AUC cannot be derived from the predicted class's score alone,
    /// and no number is made up.</item>
    /// </list>
    /// </summary>
    private static (double? Auc, string? Note) AreaUnderCurve(IReadOnlyList<string> predicted, IReadOnlyList<string> actual, IReadOnlyList<double> scores, string[] classes, IReadOnlyList<string> scoreClasses, IReadOnlyList<double[]?>? classScores)
    {
        var labelClasses = actual.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labelClasses.Length < 2)
        {
            return (null, "auc needs labels of two classes or more in a window; this window's labels have one class");
        }

        var columns = labelClasses.Select(c => IndexOf(scoreClasses, c)).ToArray();
        if (classScores is not null && columns.All(c => c >= 0)
            && classScores.All(row => row is not null && columns.All(c => c < row.Length && double.IsFinite(row[c]))))
        {
            var aucs = new List<double>();
            for (var k = 0; k < labelClasses.Length; k++)
            {
                var (c, column) = (labelClasses[k], columns[k]);
                if (BinaryAuc(i => classScores[i]![column], i => actual[i] == c, actual.Count) is { } auc)
                {
                    aucs.Add(auc);
                }
            }

            return (aucs.Average(), null);
        }

        if (classes.Length > 2 || scoreClasses.Count > 2)
        {
            var missing = labelClasses.Where((_, k) => columns[k] < 0).ToArray();
            return (null, missing.Length > 0
                ? $"auc (macro one-vs-rest) needs each class's probability, and the prediction log has no {string.Join(", ", missing.Take(5).Select(c => ClassScorePrefix + c))} column: its 'score' is the predicted class's probability only. Log the per-class probabilities as score.{{class}} columns to get it"
                : "auc (macro one-vs-rest) needs each class's probability on every labelled row, and some rows have no score.{class} value");
        }

        if (scores.Any(double.IsNaN))
        {
            return (null, "auc needs a score on every labelled row, and some logged predictions have no score");
        }

        var positive = labelClasses[1];
        return (BinaryAuc(i => predicted[i] == positive ? scores[i] : 1 - scores[i], i => actual[i] == positive, actual.Count), null);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
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
