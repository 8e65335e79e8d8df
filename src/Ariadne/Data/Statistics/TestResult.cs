namespace Ariadne.Data.Statistics;

/// <summary>A statistic and, for hypothesis tests, its p-value (NaN for distances).</summary>
internal readonly record struct TestResult(double Statistic, double PValue);
