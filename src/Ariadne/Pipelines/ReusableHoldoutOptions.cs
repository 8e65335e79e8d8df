namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne sweep --reusable-holdout</c>: rank the trials through Thresholdout (<see cref="Data.Holdout.ReusableHoldout"/>)
/// instead of by the raw validation metric, so that comparing many trials on one validation set does not overfit it.
/// Each trial is one query: its <see cref="TrainMetric"/> against the sweep's validation metric.
/// </summary>
/// <param name="TrainMetric">The same statistic on the training data (a key of the stages' metrics files).</param>
/// <param name="Threshold">Thresholdout's T: how far validation may differ from training before it answers from validation.</param>
/// <param name="Sigma">Thresholdout's noise scale σ.</param>
/// <param name="Budget">Over-threshold answers allowed; null for one per trial.</param>
internal sealed record ReusableHoldoutOptions(string TrainMetric, double Threshold = 0.04, double Sigma = 0.01, int? Budget = null);
