namespace Ariadne.Content;

/// <summary>What the file system says about a file without reading it: enough to tell that it did not change.</summary>
internal readonly record struct FileStat(long Size, long MtimeNs, ulong Inode, bool IsRegularFile, bool IsDirectory, bool IsSymlink);
