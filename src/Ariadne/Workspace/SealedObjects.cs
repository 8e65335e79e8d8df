using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// The cache objects that sealed pointers (<see cref="SealedPointer"/>) name: <c>gc</c> keeps them, and <c>push</c>
/// and <c>fetch</c>/<c>pull</c> carry them, as they do the data of pointer files. Nothing materialises them.
/// </summary>
internal static class SealedObjects
{
    /// <summary>The objects named by the sealed pointers among a tracked folder's files (pointers not in the cache are skipped).</summary>
    public static IEnumerable<ContentHash> InFolder(ObjectCache cache, IEnumerable<ManifestEntry> entries) =>
        entries.Where(e => e.Path.EndsWith(SealedPointer.Extension, StringComparison.Ordinal) && cache.Contains(e.Hash))
            .Select(e => SealedPointer.TryRead(cache.PathOf(e.Hash)))
            .OfType<SealedPointer>()
            .Select(p => p.Hash);

    /// <summary>The objects named by the sealed pointers lying in the workspace's folders (split folders made by 'data split' or a stage).</summary>
    public static IEnumerable<ContentHash> OnDisk(DataWorkspace workspace) =>
        workspace.FindSealedPointers().Select(SealedPointer.TryRead).OfType<SealedPointer>().Select(p => p.Hash);
}
