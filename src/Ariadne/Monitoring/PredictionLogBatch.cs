namespace Ariadne.Monitoring;

/// <summary>
/// The predicted rows of one request, handed to the prediction log: the request id, when (Unix ms), the version that
/// answered, and the rows' inputs and predictions, which the log copies into its columns at once
/// (<see cref="PredictionLogColumns"/>). Row ids are not stored but derived when the log is read
/// (<see cref="LoggedRowIds"/>): a one-row request's row id is the request id, row i of a multi-row request's is
/// <c>{requestId}/{i}</c>.
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

    /// <summary>True when the row id is the request id (one row), false when row i's id is <c>{requestId}/{i}</c>.</summary>
    public virtual bool RowIdIsRequestId => Count == 1;

    public abstract string FeatureName(int feature);

    /// <summary>
    /// How the feature is logged: double, float (a single-precision number, ML.NET's usual input type, logged as a
    /// 32-bit float: the same value in half the bytes), string or bool; null when this batch cannot tell (all its values missing).
    /// </summary>
    public abstract Type? FeatureType(int feature);

    public abstract double? Number(int feature, int row);

    /// <summary>
    /// Copies a number feature's value of every row (null where missing) into <paramref name="destination"/>, as
    /// <see cref="Number"/> gives them; a batch that can copy a column faster than row by row overrides it.
    /// </summary>
    public virtual void CopyNumbers(int feature, Span<double?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = Number(feature, row);
        }
    }

    /// <summary>As <see cref="CopyNumbers(int, Span{double?})"/>, as 32-bit floats, for a feature whose <see cref="FeatureType"/> is float.</summary>
    public virtual void CopyNumbers(int feature, Span<float?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = (float?)Number(feature, row);
        }
    }

    /// <summary>A text feature's value, null when missing (read while the log copies the rows; it may point into the request's buffers).</summary>
    public abstract ReadOnlyMemory<char>? Text(int feature, int row);

    /// <summary>
    /// Copies a text feature's value of every row, as <see cref="Text"/> gives them, into the columns' characters
    /// through the column's <paramref name="texts"/>, and where each went into <paramref name="destination"/> (the
    /// default where missing); a batch that can copy a column faster than row by row overrides it.
    /// </summary>
    public virtual void CopyTexts(int feature, Span<PredictionLogColumns.Text> destination, TextInterner texts)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = Text(feature, row) is { } text ? texts.Add(text.Span) : default;
        }
    }

    public abstract bool? Boolean(int feature, int row);

    public abstract string? Label(int row);

    /// <summary>
    /// Copies every row's <see cref="Label"/> into the columns' characters through <paramref name="texts"/>, and where
    /// each went into <paramref name="destination"/> (the default where missing); a batch that can read its labels
    /// faster than row by row overrides it.
    /// </summary>
    public virtual void CopyLabels(Span<PredictionLogColumns.Text> destination, TextInterner texts)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = Label(row) is { } label ? texts.Add(label) : default;
        }
    }

    public abstract double Value(int row);

    /// <summary>
    /// True when the scores, class scores and a regressor's values are single-precision numbers (what ML.NET predicts),
    /// logged as 32-bit floats; false when they are doubles.
    /// </summary>
    public virtual bool SinglePrecisionOutputs => false;

    /// <summary>The score of the predicted class (classifiers), null for regressors.</summary>
    public abstract double? Score(int row);

    /// <summary>Copies every row's <see cref="Score"/> into <paramref name="destination"/>.</summary>
    public virtual void CopyScores(Span<double?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = Score(row);
        }
    }

    /// <summary>As <see cref="CopyScores(Span{double?})"/>, as 32-bit floats (<see cref="SinglePrecisionOutputs"/>).</summary>
    public virtual void CopyScores(Span<float?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = (float?)Score(row);
        }
    }

    /// <summary>
    /// Each class's probability (or score) for a row of a classifier, by the class label as <see cref="Label"/> gives
    /// it: logged as <c>score.{class}</c> columns, which the monitor's macro one-vs-rest AUC needs; null when unknown.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => null;

    /// <summary>
    /// The classes every row of the batch has scores for, in the same order in every row (a model's classes), as the
    /// first row's <see cref="ClassScores"/>; null when rows differ or have none. The log then copies the scores a
    /// class at a time (<see cref="CopyClassScores(int, Span{double?})"/>) instead of looking up a column per class per row.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>>? SharedClasses => null;

    /// <summary>Copies the score of class <paramref name="classIndex"/> (its place in <see cref="SharedClasses"/>) of every row into <paramref name="destination"/>.</summary>
    public virtual void CopyClassScores(int classIndex, Span<double?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = ClassScores(row)![classIndex].Value;
        }
    }

    /// <summary>As <see cref="CopyClassScores(int, Span{double?})"/>, as 32-bit floats (<see cref="SinglePrecisionOutputs"/>).</summary>
    public virtual void CopyClassScores(int classIndex, Span<float?> destination)
    {
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = (float)ClassScores(row)![classIndex].Value;
        }
    }
}
