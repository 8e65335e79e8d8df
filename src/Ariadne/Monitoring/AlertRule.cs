using System.Globalization;

namespace Ariadne.Monitoring;

/// <summary>An alert rule of the <c>monitor:</c> section: <c>when: METRIC OP NUMBER</c> over a window length, with its actions.</summary>
internal sealed record AlertRule(string Name, string Metric, string Operator, double Threshold, MonitorWindow? Over, IReadOnlyList<AlertAction> Actions, int Line)
{
    public string Condition => $"{Metric} {Operator} {Threshold.ToString("R", CultureInfo.InvariantCulture)}";

    public bool Holds(double value) => Operator switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        "==" => value == Threshold,
        "!=" => value != Threshold,
        _ => false,
    };
}
