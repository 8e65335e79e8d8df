namespace Ariadne.Tracking;

/// <summary>Where a run is in its life. Names and meanings follow MLflow's RunStatus.</summary>
public enum RunStatus
{
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
}
