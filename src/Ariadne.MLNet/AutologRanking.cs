using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// <c>MLContext.Ranking</c>'s evaluation, logged: the same parameters and result as ML.NET's, and every number of the result
/// becomes the metric <c>{prefix}.{name}</c> on the run (at the step given, if any).
/// </summary>
public sealed class AutologRanking
{
    private readonly MLContext _ml;
    private readonly ActiveRun _run;

    internal AutologRanking(MLContext ml, ActiveRun run)
    {
        _ml = ml;
        _run = run;
    }

    /// <summary>Evaluates scored data of a ranking model and logs NDCG and DCG at each truncation level.</summary>
    /// <param name="prefix">The metrics' prefix, naming the data scored, e.g. <c>validation</c>.</param>
    /// <param name="step">The step the metrics are logged at; default: each key's next step.</param>
    public RankingMetrics Evaluate(IDataView data, string labelColumnName = "Label", string rowGroupColumnName = "GroupId", string scoreColumnName = "Score", string prefix = "eval", long? step = null)
    {
        var metrics = _ml.Ranking.Evaluate(data, labelColumnName, rowGroupColumnName, scoreColumnName);
        EvaluationMetrics.Log(_run, prefix, step, EvaluationMetrics.Of(metrics));
        return metrics;
    }
}
