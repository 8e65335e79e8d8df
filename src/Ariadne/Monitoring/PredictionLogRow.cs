namespace Ariadne.Monitoring;

/// <summary>
/// One predicted row waiting to be written: its row id, the request it came with, when (Unix ms), the model version that
/// answered, its inputs by feature name (double, string, bool or null), the prediction (string label or double value) and
/// the score of the predicted class (null for regressors).
/// </summary>
internal sealed record PredictionLogRow(
    string Id,
    string RequestId,
    long TimeMs,
    int ModelVersion,
    IReadOnlyDictionary<string, object?> Inputs,
    object Prediction,
    double? Score);
