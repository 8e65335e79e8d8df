namespace Ariadne.Tracking;

/// <summary>
/// Optional store capability: creates a run in the experiment with a given name (created when new) in one call, even
/// while the store cannot be reached (a tracking server: the run then waits in the local spool with everything logged
/// to it). <see cref="TrackingClient"/> uses it when the store has it.
/// </summary>
public interface IRunCreationByName
{
    /// <summary>Creates the run; <see cref="NewRun.ExperimentId"/> is ignored. A deleted experiment of that name is an error (when it can be checked).</summary>
    Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken);
}
