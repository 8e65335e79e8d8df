namespace Ariadne.Pipelines;

/// <summary>
/// How often a failed command is tried again, and how long to wait first: <see cref="Backoff"/> before the first
/// retry, doubled before each further one.
/// </summary>
internal sealed record RetryPolicy(int Count, TimeSpan Backoff)
{
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry) => TimeSpan.FromTicks(Backoff.Ticks * (1L << Math.Min(retry - 1, 20)));
}
