namespace Ariadne.Monitoring;

/// <summary>The names the prediction log is found by (issue 18, §1): its experiment and the tags of a serving run.</summary>
internal static class PredictionLogKeys
{
    public const string Experiment = "ariadne-serving";
    public const string ModelTag = "ariadne.serving.model";
    public const string AliasTag = "ariadne.serving.alias";
    public const string InstanceTag = "ariadne.serving.instance";
    public const string RowsLoggedMetric = "predictions_logged";
}
