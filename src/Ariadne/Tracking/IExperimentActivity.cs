namespace Ariadne.Tracking;

/// <summary>
/// Part of the tracking-store contract (<see cref="ITrackingStore"/> extends it; every store implements it): per
/// experiment, how many active runs it holds and when one last started or ended.
/// </summary>
public interface IExperimentActivity
{
    /// <summary>One row per experiment that holds active runs, ordered by experiment id: their number and the latest start or end time among them.</summary>
    Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken);
}
