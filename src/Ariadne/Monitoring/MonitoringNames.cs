namespace Ariadne.Monitoring;

/// <summary>The experiment names, tags and artifact paths that serving, monitoring and the monitoring page share (spec: docs/monitoring.md).</summary>
internal static class MonitoringNames
{
    public const string ServingExperiment = "ariadne-serving";
    public const string MonitoringExperiment = "ariadne-monitoring";

    public const string ServingModelTag = "ariadne.serving.model";

    public const string KindTag = "ariadne.monitor.kind";
    public const string ModelTag = "ariadne.monitor.model";
    public const string VersionTag = "ariadne.monitor.version";
    public const string WindowTag = "ariadne.monitor.window";
    public const string AlertTagPrefix = "ariadne.alert.";

    /// <summary>On a check run, per rule whose webhook or log action failed: <c>ariadne.monitor.action_failed.{rule}</c> = what failed.</summary>
    public const string ActionFailedTagPrefix = "ariadne.monitor.action_failed.";

    /// <summary>A model version's tag naming its reference sample: <c>runs:/RUN_ID/monitor/reference.csv</c>.</summary>
    public const string ReferenceTag = "ariadne.monitor.reference";

    /// <summary>A model version's tag with the BLAKE3 hash of the training data the reference was taken from.</summary>
    public const string ReferenceDataTag = "ariadne.monitor.reference.data";

    public const string ReportArtifact = "monitor/report.json";
    public const string ReferenceArtifact = "monitor/reference.csv";

    public static string PredictionFolder(int version) => $"predictions/v{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/";
}
