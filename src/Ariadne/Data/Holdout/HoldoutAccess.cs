namespace Ariadne.Data.Holdout;

/// <summary>One recorded read of a sealed part: which part (by content hash), by which run, for which model and metric, when, and the override reason when past the budget.</summary>
public sealed record HoldoutAccess(long Id, string PartBlake3, string Part, string Manifest, string? RunId, string Model, string Metric, DateTimeOffset Time, int Budget, string? OverrideReason);
