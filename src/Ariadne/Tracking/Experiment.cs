namespace Ariadne.Tracking;

/// <summary>A named group of runs. Times are milliseconds since the Unix epoch, as in MLflow.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags);
