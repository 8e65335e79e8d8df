namespace Ariadne.Data.Splitting;

/// <summary>One written part: its name, file (relative to the manifest), rows, content hash, and whether it is sealed with what budget.</summary>
public sealed record SplitPart(string Name, string File, long Rows, string Blake3, bool Sealed, int? Budget);
