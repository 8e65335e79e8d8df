namespace Ariadne.Workspace;

/// <summary>A pointer file together with the data path it tracks.</summary>
internal sealed record TrackedOutput(string PointerPath, string DataPath, string RelativePath, PointerFile Pointer);
