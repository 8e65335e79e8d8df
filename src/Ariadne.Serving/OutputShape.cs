using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>
/// How a model's output reads: <c>PredictedLabel</c> (text, key with key values, or boolean for binary classifiers)
/// with <c>Score</c> (one score per class, named by the Score column's slot names or the label's key values) and
/// <c>Probability</c> (binary), or a scalar <c>Score</c> alone (regression).
/// </summary>
internal sealed class OutputShape
{
    private OutputShape(string? label, string score, string? probability, string[]? classNames)
    {
        Label = label;
        Score = score;
        Probability = probability;
        ClassNames = classNames;
    }

    public string? Label { get; }

    public string Score { get; }

    public string? Probability { get; }

    public string[]? ClassNames { get; }

    public static OutputShape Of(DataViewSchema output, string name, int version)
    {
        var score = output.GetColumnOrNull("Score");
        var label = output.GetColumnOrNull("PredictedLabel");
        if (score is null)
        {
            throw AriadneException.InvalidArgument($"models:/{name}/{version} has no 'Score' output column, so it is neither a classifier nor a regressor the server knows. Serve a model whose pipeline ends in an ML.NET trainer.");
        }

        if (label is null)
        {
            if (score.Value.Type != NumberDataViewType.Single)
            {
                throw AriadneException.InvalidArgument($"models:/{name}/{version} has a 'Score' of type {score.Value.Type} and no 'PredictedLabel'; the server serves regressors (a single float Score) and classifiers.");
            }

            return new OutputShape(null, "Score", null, null);
        }

        string[]? classes = null;
        if (score.Value.Type is VectorDataViewType)
        {
            // The Score column's slot names; else the key values of the trainer's PredictedLabel, which a
            // MapKeyToValue("PredictedLabel") hides behind its text column of the same name.
            classes = Names(score.Value, AnnotationKinds.SlotNames)
                ?? output.Where(c => c.Name == "PredictedLabel" && c.Type is KeyDataViewType).Select(c => Names(c, AnnotationKinds.KeyValues)).LastOrDefault(n => n is not null);
        }

        var probability = output.GetColumnOrNull("Probability")?.Name;
        return new OutputShape("PredictedLabel", "Score", probability, classes);
    }

    public IEnumerable<DataViewSchema.Column> Columns(DataViewSchema schema) =>
        new[] { Label, Score, Probability }.Where(c => c is not null).Select(c => schema[c!]);

    /// <summary>A reader of the row's current values (a cursor's current row, or a mapped row).</summary>
    public Func<Prediction> Reader(DataViewRow cursor)
    {
        var schema = cursor.Schema;
        var scoreColumn = schema[Score];
        if (Label is null)
        {
            var value = cursor.GetGetter<float>(scoreColumn);
            return () =>
            {
                float v = 0;
                value(ref v);
                return new Prediction(null, v, null, null);
            };
        }

        var labelColumn = schema[Label];
        var readLabel = LabelReader(cursor, labelColumn);
        if (labelColumn.Type is BooleanDataViewType)
        {
            var probability = Probability is null ? null : cursor.GetGetter<float>(schema[Probability]);
            var rawScore = cursor.GetGetter<float>(scoreColumn);
            return () =>
            {
                var predicted = readLabel();
                float p = 0;
                if (probability is not null)
                {
                    probability(ref p);
                }
                else
                {
                    rawScore(ref p);
                }

                var positive = predicted == "true";
                IReadOnlyList<KeyValuePair<string, double>>? classes = probability is null ? null : [new("false", 1 - p), new("true", p)];
                return new Prediction(predicted, null, probability is null ? p : positive ? p : 1 - p, classes);
            };
        }

        if (scoreColumn.Type is VectorDataViewType)
        {
            var scores = cursor.GetGetter<VBuffer<float>>(scoreColumn);
            var names = ClassNames;
            return () =>
            {
                var predicted = readLabel();
                VBuffer<float> buffer = default;
                scores(ref buffer);
                var dense = buffer.DenseValues().ToArray();
                var classes = new KeyValuePair<string, double>[dense.Length];
                double? best = null;
                for (var i = 0; i < dense.Length; i++)
                {
                    var className = names is not null && i < names.Length ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    classes[i] = new(className, dense[i]);
                    if (className == predicted)
                    {
                        best = dense[i];
                    }
                }

                return new Prediction(predicted, null, best ?? (dense.Length > 0 ? dense.Max() : null), classes);
            };
        }

        var single = cursor.GetGetter<float>(scoreColumn);
        return () =>
        {
            var predicted = readLabel();
            float s = 0;
            single(ref s);
            return new Prediction(predicted, null, s, null);
        };
    }

    private static Func<string> LabelReader(DataViewRow cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
            {
                var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                return () =>
                {
                    ReadOnlyMemory<char> v = default;
                    getter(ref v);
                    return v.ToString();
                };
            }

            case BooleanDataViewType:
            {
                var getter = cursor.GetGetter<bool>(column);
                return () =>
                {
                    var v = false;
                    getter(ref v);
                    return v ? "true" : "false";
                };
            }

            case KeyDataViewType:
            {
                var getter = cursor.GetGetter<uint>(column);
                var names = Names(column, AnnotationKinds.KeyValues);
                return () =>
                {
                    uint v = 0;
                    getter(ref v);
                    // Keys count from 1; 0 is missing.
                    return v == 0 ? "" : names is not null && v <= names.Length ? names[v - 1] : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
                };
            }

            default:
                throw AriadneException.InvalidArgument($"The model's 'PredictedLabel' is of type {column.Type}; the server reads text, boolean and key labels.");
        }
    }

    private static string[]? Names(DataViewSchema.Column column, string kind)
    {
        if (column.Annotations.Schema.GetColumnOrNull(kind) is not { } annotation || annotation.Type is not VectorDataViewType { ItemType: TextDataViewType })
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        column.Annotations.GetValue(kind, ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private static class AnnotationKinds
    {
        public const string SlotNames = "SlotNames";
        public const string KeyValues = "KeyValues";
    }
}
