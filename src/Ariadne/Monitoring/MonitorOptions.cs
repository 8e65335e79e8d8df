namespace Ariadne.Monitoring;

/// <summary>How <c>ariadne monitor run</c> windows the prediction log and what it compares it with.</summary>
internal sealed record MonitorOptions
{
    public MonitorWindow Window { get; init; } = MonitorWindow.Day;

    /// <summary>Only predictions at or after this time (Unix ms).</summary>
    public long? From { get; init; }

    /// <summary>Only predictions before this time (Unix ms).</summary>
    public long? To { get; init; }

    /// <summary>A data file to use as the reference instead of the version's training data.</summary>
    public string? ReferenceFile { get; init; }
}
