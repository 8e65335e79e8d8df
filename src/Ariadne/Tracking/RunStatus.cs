namespace Ariadne.Tracking;

/// <summary>Where a run is in its life. Names and meanings follow MLflow's RunStatus.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended.</summary>
    Running,
    /// <summary>Created but not started yet (MLflow's SCHEDULED).</summary>
    Scheduled,
    /// <summary>Ended successfully.</summary>
    Finished,
    /// <summary>Ended with an error.</summary>
    Failed,
    /// <summary>Stopped from outside (cancelled, interrupted) or its process died.</summary>
    Killed,
}
