namespace Ariadne.Tracking;

/// <summary>A tracked file or folder registered under a name and version, e.g. <c>penguins@v2</c>.</summary>
public sealed record DatasetVersion(
    string Name,
    string Version,
    string Hash,
    long Size,
    long Files,
    string PointerPath,
    string? GitCommit,
    long CreatedAt);
