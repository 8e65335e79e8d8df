namespace Ariadne.Content;

/// <summary>How a workspace file shares its bytes with the cache. Tried in the configured order (default: reflink, then copy).</summary>
internal enum LinkKind
{
    /// <summary>Copy-on-write clone: instant, no extra space, editing the workspace file is safe.</summary>
    Reflink,

    /// <summary>
    /// Same inode as the cache object: instant, no extra space. Only when configured: the read-only mode does not stop
    /// root or a <c>chmod u+w</c>, and an edit in place then changes the cache object too. Run <c>ariadne unprotect</c>
    /// before editing such a file.
    /// </summary>
    Hardlink,

    /// <summary>A full copy: works everywhere, costs time and space.</summary>
    Copy,
}
