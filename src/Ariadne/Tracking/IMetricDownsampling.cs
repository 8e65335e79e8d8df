namespace Ariadne.Tracking;

/// <summary>
/// Part of the tracking-store contract (<see cref="ITrackingStore"/> extends it; every store implements it): a
/// metric's history reduced to at most <c>maxPoints</c> points that keep its shape (per bucket of steps, the first,
/// last, minimum and maximum point), computed in the database.
/// </summary>
public interface IMetricDownsampling
{
    /// <summary>At most <paramref name="maxPoints"/> points (1 or more, else InvalidArgument), ordered by step; the whole history when it is that short.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken);
}
