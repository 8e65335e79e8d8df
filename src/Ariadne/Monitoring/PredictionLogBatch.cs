using System.Globalization;

namespace Ariadne.Monitoring;

/// <summary>
/// The predicted rows of one request, queued for the prediction log as one item: the request id, when (Unix ms), the
/// version that answered, and the rows' inputs and predictions, read column by column only when the batch is written
/// (off the request path). Row ids are derived then too: a one-row request's row id is the request id, row i of a
/// multi-row request's is <c>{requestId}/{i}</c>.
/// </summary>
internal abstract class PredictionLogBatch(string requestId, long timeMs, int modelVersion, int count)
{
    public string RequestId { get; } = requestId;

    public long TimeMs { get; } = timeMs;

    public int ModelVersion { get; } = modelVersion;

    /// <summary>Rows in the batch.</summary>
    public int Count { get; } = count;

    /// <summary>The input features of every row, in the model's order.</summary>
    public abstract int FeatureCount { get; }

    /// <summary>True when <see cref="Value"/> holds the prediction (a regressor), false when <see cref="Label"/> does.</summary>
    public abstract bool IsRegressor { get; }

    public virtual string Id(int row) => Count == 1 ? RequestId : string.Create(CultureInfo.InvariantCulture, $"{RequestId}/{row}");

    public abstract string FeatureName(int feature);

    /// <summary>How the feature is logged: double, string or bool; null when this batch cannot tell (all its values missing).</summary>
    public abstract Type? FeatureType(int feature);

    public abstract double? Number(int feature, int row);

    public abstract string? Text(int feature, int row);

    public abstract bool? Boolean(int feature, int row);

    public abstract string? Label(int row);

    public abstract double Value(int row);

    /// <summary>The score of the predicted class (classifiers), null for regressors.</summary>
    public abstract double? Score(int row);

    /// <summary>
    /// Each class's probability (or score) for a row of a classifier, by the class label as <see cref="Label"/> gives
    /// it: logged as <c>score.{class}</c> columns, which the monitor's macro one-vs-rest AUC needs; null when unknown.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => null;
}
