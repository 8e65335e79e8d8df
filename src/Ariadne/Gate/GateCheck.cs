namespace Ariadne.Gate;

/// <summary>
/// One check of <c>ariadne check</c>: its name as the report shows it, whether it passed, a one-line summary, the
/// details behind a failure (one line each), what to do about it, and for a metric the comparison itself.
/// </summary>
internal sealed record GateCheck(string Name, bool Passed, string Summary, IReadOnlyList<string> Details, string? Advice = null)
{
    public MetricComparison? Metric { get; init; }

    public static GateCheck Pass(string name, string summary, IReadOnlyList<string>? details = null) => new(name, true, summary, details ?? []);

    public static GateCheck Fail(string name, string summary, IReadOnlyList<string> details, string advice) => new(name, false, summary, details, advice);
}
