namespace Ariadne.Monitoring;

/// <summary>The <c>monitor:</c> section of <c>ariadne.yaml</c>: the default model and window, an optional reference file, and the alert rules.</summary>
internal sealed record MonitorConfig(string File, string? Model, MonitorWindow Window, string? Reference, IReadOnlyList<AlertRule> Rules);
