using System.Globalization;

namespace Ariadne.Monitoring;

/// <summary>
/// One row logged through the SDK (<see cref="PredictionLogger.Log"/>): its id (also its request id), its inputs by
/// feature name (numbers, text, booleans or null), the prediction (string label or double value), the score of the
/// predicted class (null for regressors) and, when given, every class's score.
/// </summary>
internal sealed class PredictionLogRow : PredictionLogBatch
{
    private readonly KeyValuePair<string, object?>[] _inputs;
    private readonly object _prediction;
    private readonly double? _score;
    private readonly KeyValuePair<string, double>[]? _classScores;

    public PredictionLogRow(string id, long timeMs, int modelVersion, IReadOnlyDictionary<string, object?> inputs, object prediction, double? score, IReadOnlyDictionary<string, double>? classScores = null)
        : base(id, timeMs, modelVersion, 1)
    {
        _inputs = [.. inputs];
        _prediction = prediction;
        _score = score;
        _classScores = classScores is null ? null : [.. classScores];
    }

    public override int FeatureCount => _inputs.Length;

    public override bool IsRegressor => _prediction is not string;

    public override bool RowIdIsRequestId => true;

    public override string FeatureName(int feature) => _inputs[feature].Key;

    public override Type? FeatureType(int feature) => _inputs[feature].Value switch
    {
        null => null,
        string or ReadOnlyMemory<char> or char => typeof(string),
        bool => typeof(bool),
        float => typeof(float),
        _ => typeof(double),
    };

    public override double? Number(int feature, int row) => ToDouble(_inputs[feature].Value);

    public override ReadOnlyMemory<char>? Text(int feature, int row) => _inputs[feature].Value switch
    {
        // Typed as nullable on purpose: a bare null would become an empty ReadOnlyMemory (its conversion from char[]).
        null => (ReadOnlyMemory<char>?)null,
        ReadOnlyMemory<char> text => text,
        { } v => Convert.ToString(v, CultureInfo.InvariantCulture).AsMemory(),
    };

    public override bool? Boolean(int feature, int row) => _inputs[feature].Value is bool b ? b : null;

    public override string? Label(int row) => Convert.ToString(_prediction, CultureInfo.InvariantCulture);

    public override double Value(int row) => ToDouble(_prediction) ?? double.NaN;

    public override double? Score(int row) => _score;

    public override IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => _classScores;

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        uint u => u,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string => null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
