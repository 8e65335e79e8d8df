namespace Ariadne.Serving;

/// <summary>
/// What the model said about one row: a label (classifiers) or a value (regressors), the score of the predicted class,
/// and the score of every class where the model has them (probabilities for calibrated classifiers).
/// </summary>
internal sealed record Prediction(string? Label, double? Value, double? Score, IReadOnlyList<KeyValuePair<string, double>>? Classes);
