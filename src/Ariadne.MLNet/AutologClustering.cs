using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// <c>MLContext.Clustering</c>'s evaluation, logged: the same parameters and result as ML.NET's, and every number of the result
/// becomes the metric <c>{prefix}.{name}</c> on the run (at the step given, if any).
/// </summary>
public sealed class AutologClustering
{
    private readonly MLContext _ml;
    private readonly ActiveRun _run;

    internal AutologClustering(MLContext ml, ActiveRun run)
    {
        _ml = ml;
        _run = run;
    }

    /// <summary>Evaluates scored data of a clustering model and logs its metrics (NMI only with a label column).</summary>
    /// <param name="prefix">The metrics' prefix, naming the data scored, e.g. <c>validation</c>.</param>
    /// <param name="step">The step the metrics are logged at; default: each key's next step.</param>
    public ClusteringMetrics Evaluate(IDataView data, string? labelColumnName = null, string scoreColumnName = "Score", string? featureColumnName = null, string prefix = "eval", long? step = null)
    {
        var metrics = _ml.Clustering.Evaluate(data, labelColumnName, scoreColumnName, featureColumnName);
        EvaluationMetrics.Log(_run, prefix, step, EvaluationMetrics.Of(metrics));
        return metrics;
    }
}
