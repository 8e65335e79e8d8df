namespace Ariadne.Tracking;

/// <summary>An experiment's active runs and its last activity (latest start or end of one of them, ms since the epoch); experiments without runs are left out.</summary>
public sealed record ExperimentActivity(string ExperimentId, long Runs, long LastActivity);
