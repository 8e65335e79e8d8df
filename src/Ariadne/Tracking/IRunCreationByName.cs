namespace Ariadne.Tracking;

/// <summary>
/// Part of the tracking-store contract (<see cref="ITrackingStore"/> extends it; every store implements it): creates a
/// run in the experiment with a given name (created when new) in one call. A tracking server's store keeps working
/// while the server cannot be reached: the run then waits in the local spool with everything logged to it.
/// <see cref="TrackingClient"/> starts every run this way.
/// </summary>
public interface IRunCreationByName
{
    /// <summary>
    /// Creates the run; <see cref="NewRun.ExperimentId"/> is ignored. A deleted experiment of that name is an error
    /// (over a tracking server that is away, it is found when the spool is uploaded).
    /// </summary>
    Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken);
}
