using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// <c>MLContext.MulticlassClassification</c>'s evaluation, logged: the same parameters and result as ML.NET's, and every number of the result
/// becomes the metric <c>{prefix}.{name}</c> on the run (at the step given, if any).
/// </summary>
public sealed class AutologMulticlassClassification
{
    private readonly MLContext _ml;
    private readonly ActiveRun _run;

    internal AutologMulticlassClassification(MLContext ml, ActiveRun run)
    {
        _ml = ml;
        _run = run;
    }

    /// <summary>Evaluates scored data of a multiclass classifier and logs its metrics (<c>accuracy</c> is ML.NET's micro-accuracy).</summary>
    /// <param name="prefix">The metrics' prefix, naming the data scored, e.g. <c>validation</c>.</param>
    /// <param name="step">The step the metrics are logged at; default: each key's next step.</param>
    public MulticlassClassificationMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score", string predictedLabelColumnName = "PredictedLabel", int topKPredictionCount = 0, string prefix = "eval", long? step = null)
    {
        var metrics = _ml.MulticlassClassification.Evaluate(data, labelColumnName, scoreColumnName, predictedLabelColumnName, topKPredictionCount);
        EvaluationMetrics.Log(_run, prefix, step, EvaluationMetrics.Of(metrics));
        return metrics;
    }
}
