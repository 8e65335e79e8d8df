namespace Ariadne.Workspace;

/// <summary>
/// What <c>ariadne get</c> or <c>ariadne import</c> brought: where the data now is (relative to the workspace for an
/// import, else the absolute path), its pointer file (imports only), what it records, and what came down.
/// </summary>
internal sealed record ImportResult(string Path, string? PointerPath, PointerFile Pointer, ImportSource Source, int Downloaded, long DownloadedBytes);
