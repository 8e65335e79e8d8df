using Ariadne.Content;
using Ariadne.Pipelines;
using Ariadne.Registry;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Lineage;

/// <summary>
/// Reads what the user named: a model version URI (<c>models:/name@alias</c> or <c>models:/name/3</c>, resolved in the
/// store's model registry to the version's source run), a content hash (64 hex digits), a path (a pointer file, tracked data, a pipeline output
/// in <c>ariadne.lock</c>, or any file, hashed as it is now), or a run id.
/// </summary>
internal sealed class LineageTargets(ITrackingStore store, DataWorkspace? workspace)
{
    public async Task<LineageTarget> ResolveAsync(string text, string fullPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw AriadneException.InvalidArgument("Name what to trace: a run id, a tracked path, a content hash or a models:/NAME@ALIAS URI.");
        }

        if (ModelUri.IsModelUri(text))
        {
            var (version, runId) = await ModelSourceRun.ResolveAsync(store, text, cancellationToken).ConfigureAwait(false);
            return LineageTarget.ForRun(text, runId, LineageModel.Of(version, text));
        }

        if (ContentHash.TryParse(text, out var hash))
        {
            return LineageTarget.ForData(text, hash.Hex, null);
        }

        if (PathHash(fullPath) is { } byPath)
        {
            return byPath;
        }

        try
        {
            var run = await store.GetRunAsync(text, cancellationToken).ConfigureAwait(false);
            return LineageTarget.ForRun(text, run.Info.RunId);
        }
        catch (AriadneException e) when (e.Code is ErrorCode.ResourceNotFound or ErrorCode.InvalidArgument)
        {
            throw AriadneException.InvalidArgument(
                $"'{text}' is neither a run id in this store, a file or tracked path here, a content hash (64 hex digits) nor a models:/ URI. " +
                "List runs with 'ariadne runs list'; give paths relative to this folder.");
        }
    }

    private LineageTarget? PathHash(string fullPath)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(fullPath);
        var pointerFile = trimmed.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? trimmed : DataWorkspace.PointerPathFor(trimmed);
        var dataPath = pointerFile[..^PointerFile.Extension.Length];
        var shown = workspace?.Relative(dataPath) ?? dataPath;
        if (File.Exists(pointerFile))
        {
            return LineageTarget.ForData(shown, PointerFile.Read(pointerFile).Hash.Hex, shown);
        }

        if (workspace is not null && File.Exists(LockFile.PathIn(workspace.Root)))
        {
            var relative = workspace.Relative(trimmed);
            var output = LockFile.Load(LockFile.PathIn(workspace.Root)).Stages.Values.SelectMany(s => s.Outs).FirstOrDefault(o => o.Path == relative);
            if (output is not null)
            {
                return LineageTarget.ForData(relative, output.Hash.Hex, relative);
            }
        }

        if (File.Exists(trimmed))
        {
            return LineageTarget.ForData(shown, ContentHasher.HashFile(trimmed).Hex, workspace?.Relative(trimmed) ?? trimmed);
        }

        return Directory.Exists(trimmed)
            ? throw AriadneException.InvalidArgument($"'{shown}' is a folder that neither a pointer file nor ariadne.lock tracks, so it has no recorded hash. Trace a file in it, or track it with 'ariadne add'.")
            : null;
    }
}
