namespace Ariadne.Content;

/// <summary>How a workspace file shares its bytes with the cache. Tried in the configured order.</summary>
public enum LinkKind
{
    /// <summary>Copy-on-write clone: instant, no extra space, editing the workspace file is safe.</summary>
    Reflink,

    /// <summary>Same inode as the cache object: instant, no extra space; the file is made read-only to protect the cache.</summary>
    Hardlink,

    /// <summary>A full copy: works everywhere, costs time and space.</summary>
    Copy,
}
