using Ariadne.Monitoring;

namespace Ariadne.Serving;

/// <summary>
/// The prediction log's view of one answered request: the parsed rows (schema order, ML.NET types) and the predictions
/// exactly as the request path made them, which the log copies into its columns before the request ends.
/// </summary>
internal sealed class ServedPredictions(string requestId, long timeMs, ServedModel model, IReadOnlyList<object[]> rows, IReadOnlyList<Prediction> predictions)
    : PredictionLogBatch(requestId, timeMs, model.Version, rows.Count)
{
    /// <summary>The rows as a span (the request's parsed rows are a list, the predictions an array): no interface call per row in the copies.</summary>
    private ReadOnlySpan<object[]> Rows => rows switch
    {
        List<object[]> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        object[][] array => array,
        _ => rows.ToArray(),
    };

    private ReadOnlySpan<Prediction> Predictions => predictions switch
    {
        Prediction[] array => array,
        List<Prediction> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => predictions.ToArray(),
    };

    public override int FeatureCount => model.Inputs.Count;

    public override bool IsRegressor => !model.IsClassifier;

    public override string FeatureName(int feature) => model.Inputs[feature].Name;

    public override Type? FeatureType(int feature) => model.Inputs[feature].Kind switch
    {
        InputKind.Text => typeof(string),
        InputKind.Boolean => typeof(bool),
        InputKind.Single => typeof(float),
        _ => typeof(double),
    };

    /// <summary>ML.NET's scores, probabilities and regression values are floats.</summary>
    public override bool SinglePrecisionOutputs => true;

    public override double? Number(int feature, int row)
    {
        var column = model.Inputs[feature];
        var value = rows[row][column.Index];
        return column.IsMissing(value) ? null : ToNumber(value);
    }

    /// <summary>The whole column in one call: the column is looked up once, not once per row (the copy is on the request path).</summary>
    public override void CopyNumbers(int feature, Span<double?> destination)
    {
        var column = model.Inputs[feature];
        var index = column.Index;
        var missing = column.DefaultValue;
        var all = Rows;
        for (var row = 0; row < destination.Length; row++)
        {
            var value = all[row][index];
            destination[row] = ReferenceEquals(value, missing) ? null : value is float single ? single : ToNumber(value);
        }
    }

    /// <summary>As <see cref="CopyNumbers(int, Span{double?})"/>, as floats (the feature is a float input: ML.NET's Single).</summary>
    public override void CopyNumbers(int feature, Span<float?> destination)
    {
        var column = model.Inputs[feature];
        var index = column.Index;
        var missing = column.DefaultValue;
        var all = Rows;
        for (var row = 0; row < destination.Length; row++)
        {
            var value = all[row][index];
            destination[row] = ReferenceEquals(value, missing) ? null : value is float single ? single : (float?)ToNumber(value);
        }
    }

    private static double? ToNumber(object value) => value switch
    {
        float f => f,
        double d => d,
        int i => i,
        long l => l,
        bool b => b ? 1 : 0,
        _ => null,
    };

    /// <summary>The whole column in one call, as <see cref="CopyNumbers(int, Span{double?})"/>.</summary>
    public override void CopyTexts(int feature, Span<PredictionLogColumns.Text> destination, TextInterner texts)
    {
        var column = model.Inputs[feature];
        var index = column.Index;
        var missing = column.DefaultValue;
        var all = Rows;
        for (var row = 0; row < destination.Length; row++)
        {
            var value = all[row][index];
            destination[row] = value is ReadOnlyMemory<char> text && !ReferenceEquals(value, missing) ? texts.Add(text.Span)
                : Text(feature, row) is { } other ? texts.Add(other.Span) : default;
        }
    }

    public override ReadOnlyMemory<char>? Text(int feature, int row)
    {
        var column = model.Inputs[feature];
        var value = rows[row][column.Index];
        // Typed as nullable on purpose: a bare null would become an empty ReadOnlyMemory (its conversion from char[]).
        return column.IsMissing(value) ? (ReadOnlyMemory<char>?)null : value switch
        {
            ReadOnlyMemory<char> text => text,
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture).AsMemory(),
            _ => value.ToString().AsMemory(),
        };
    }

    public override bool? Boolean(int feature, int row)
    {
        var column = model.Inputs[feature];
        var value = rows[row][column.Index];
        return column.IsMissing(value) ? null : value as bool?;
    }

    public override string? Label(int row) => predictions[row].Label;

    public override void CopyLabels(Span<PredictionLogColumns.Text> destination, TextInterner texts)
    {
        var all = Predictions;
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = all[row].Label is { } label ? texts.Add(label) : default;
        }
    }

    public override double Value(int row) => predictions[row].Value ?? double.NaN;

    public override double? Score(int row) => model.IsClassifier ? predictions[row].Score : null;

    public override void CopyScores(Span<float?> destination)
    {
        if (!model.IsClassifier)
        {
            destination.Clear();
            return;
        }

        var all = Predictions;
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = (float?)all[row].Score;
        }
    }

    public override IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => model.IsClassifier ? predictions[row].Classes : null;

    /// <summary>A model gives every row the same classes in the same order (<see cref="OutputShape"/>).</summary>
    public override IReadOnlyList<KeyValuePair<string, double>>? SharedClasses => model.IsClassifier && predictions.Count > 0 ? predictions[0].Classes : null;

    /// <summary>ML.NET's scores are floats: copied as floats, exactly (the server's columns hold them so).</summary>
    public override void CopyClassScores(int classIndex, Span<float?> destination)
    {
        var all = Predictions;
        for (var row = 0; row < destination.Length; row++)
        {
            destination[row] = (float)all[row].Classes![classIndex].Value;
        }
    }
}
