namespace Ariadne.Monitoring;

/// <summary>How a <see cref="PredictionLogger"/> names its run and how often it writes.</summary>
public sealed class PredictionLoggerOptions
{
    /// <summary>The default time between two flushes: one second.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>The alias the model is served by, recorded as the run's <c>ariadne.serving.alias</c> tag and in its name.</summary>
    public string? Alias { get; init; }

    /// <summary>Who logs, recorded as the <c>ariadne.serving.instance</c> tag (<c>host:port</c>); default <c>pid N</c>.</summary>
    public string? Instance { get; init; }

    /// <summary>How often buffered predictions are written (default one second); a process killed loses at most this much.</summary>
    public TimeSpan FlushInterval { get; init; } = DefaultFlushInterval;

    /// <summary>
    /// A flush starts early once this many rows wait (default 50,000): each flush writes a file and a store record, so
    /// a server answering a few hundred thousand rows a second should not flush dozens of times a second.
    /// </summary>
    public int FlushRows { get; init; } = 50_000;

    /// <summary>How many rows may wait in memory before <see cref="PredictionLogger.Log"/> waits for the writer (default 200,000).</summary>
    public int Capacity { get; init; } = 200_000;

    /// <summary>Where the logger reports a flush that failed (it keeps the rows and tries again); default standard error.</summary>
    public TextWriter? Errors { get; init; }
}
