namespace Ariadne.Pipelines;

/// <summary>A stage that reads a sealed test set (or runs after one that does), and why Ariadne thinks so.</summary>
internal sealed record SealedStage(string Stage, string Reason);
