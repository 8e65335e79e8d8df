namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne remove</c>: stops tracking paths. The pointer file and the <c>.gitignore</c> entry go; the workspace
/// files go too unless kept. The cache keeps the objects (until <c>gc</c>), so <c>git checkout</c> of the pointer
/// and <c>ariadne checkout</c> bring the data back. Files with changes that were never recorded are not deleted unless
/// forced, and every target is checked before anything changes.
/// </summary>
internal sealed class DataRemoval(DataWorkspace workspace, IProgressReporter? progress = null)
{
    public IReadOnlyList<RemoveResult> Remove(IReadOnlyCollection<string> targets, bool keepData, bool force)
    {
        if (targets.Count == 0)
        {
            throw AriadneException.InvalidArgument("Name at least one tracked path or pointer file to stop tracking, e.g. 'ariadne remove data/raw.ari'.");
        }

        using var held = workspace.Lock();
        var outputs = targets.Select(t => workspace.ReadOutput(TrackedPaths.PointerFor(workspace, t))).ToList();
        if (!keepData && !force)
        {
            var status = new WorkspaceStatus(workspace, progress);
            var unrecorded = outputs.Select(status.Check).Where(s => s.State == OutputState.Modified).ToList();
            if (unrecorded.Count > 0)
            {
                throw new AriadneException(ErrorCode.WouldOverwrite, $"{string.Join(", ", unrecorded.Select(s => $"'{s.Path}'"))} changed since it was last recorded; removing it would delete those changes for good. Nothing was removed. Record them first ('ariadne add'), keep the files (--keep-data), or discard them (--force).");
            }
        }

        var results = new List<RemoveResult>();
        foreach (var output in outputs)
        {
            File.Delete(output.PointerPath);
            GitIgnore.Remove(Path.GetDirectoryName(output.DataPath)!, Path.GetFileName(output.DataPath));
            File.Delete(StatCache.FileFor(workspace.StateFolder, output.RelativePath));
            var removed = !keepData && Path.Exists(output.DataPath);
            if (removed)
            {
                TrackedPaths.Delete(output.DataPath);
            }

            results.Add(new RemoveResult(output.RelativePath, workspace.Relative(output.PointerPath), removed));
        }

        return results;
    }
}
