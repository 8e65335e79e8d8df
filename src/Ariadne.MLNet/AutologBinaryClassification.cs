using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// <c>MLContext.BinaryClassification</c>'s evaluation, logged: the same parameters and result as ML.NET's, and every number of the result
/// becomes the metric <c>{prefix}.{name}</c> on the run (at the step given, if any).
/// </summary>
public sealed class AutologBinaryClassification
{
    private readonly MLContext _ml;
    private readonly ActiveRun _run;

    internal AutologBinaryClassification(MLContext ml, ActiveRun run)
    {
        _ml = ml;
        _run = run;
    }

    /// <summary>Evaluates scored data of a calibrated binary classifier (ML.NET <c>Evaluate</c>) and logs its metrics.</summary>
    /// <param name="prefix">The metrics' prefix, naming the data scored, e.g. <c>validation</c>.</param>
    /// <param name="step">The step the metrics are logged at; default: each key's next step.</param>
    public CalibratedBinaryClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score", string probabilityColumnName = "Probability", string predictedLabelColumnName = "PredictedLabel", string prefix = "eval", long? step = null)
    {
        var metrics = _ml.BinaryClassification.Evaluate(data, labelColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);
        EvaluationMetrics.Log(_run, prefix, step, EvaluationMetrics.Of(metrics));
        return metrics;
    }

    /// <summary>Evaluates scored data of a binary classifier without probabilities (ML.NET <c>EvaluateNonCalibrated</c>) and logs its metrics.</summary>
    /// <param name="prefix">The metrics' prefix, naming the data scored, e.g. <c>validation</c>.</param>
    /// <param name="step">The step the metrics are logged at; default: each key's next step.</param>
    public BinaryClassificationMetrics EvaluateNonCalibrated(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score", string predictedLabelColumnName = "PredictedLabel", string prefix = "eval", long? step = null)
    {
        var metrics = _ml.BinaryClassification.EvaluateNonCalibrated(data, labelColumnName, scoreColumnName, predictedLabelColumnName);
        EvaluationMetrics.Log(_run, prefix, step, EvaluationMetrics.Of(metrics));
        return metrics;
    }
}
