namespace Ariadne.Pipelines;

/// <summary>A parameter a stage reads: a key (dotted for nested values) of a params file (workspace-relative).</summary>
internal sealed record ParamReference(string File, string Key, int Line);
