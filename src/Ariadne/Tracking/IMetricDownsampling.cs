namespace Ariadne.Tracking;

/// <summary>
/// Optional store capability: a metric's history reduced to at most <c>maxPoints</c> points that keep its shape
/// (per bucket of steps, the first, last, minimum and maximum point), computed in the database.
/// </summary>
public interface IMetricDownsampling
{
    Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken);
}
