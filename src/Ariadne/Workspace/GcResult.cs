using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>What <c>ariadne gc</c> removed (or, on a dry run, would remove).</summary>
internal sealed record GcResult(int Kept, IReadOnlyList<ContentHash> Removed, long RemovedBytes, bool DryRun);
