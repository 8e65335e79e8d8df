namespace Ariadne.Tracking;

/// <summary>One point of a metric's history. NaN and infinities are kept as values, as MLflow keeps them.</summary>
public readonly record struct Metric(string Key, double Value, long Timestamp, long Step);
