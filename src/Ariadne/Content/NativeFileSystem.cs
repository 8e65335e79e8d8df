using System.Runtime.InteropServices;

namespace Ariadne.Content;

/// <summary>The few POSIX calls .NET does not expose: stat with inode and nanosecond mtime, hard links, reflinks.</summary>
internal static partial class NativeFileSystem
{
    private const uint FileTypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint Directory = 0x4000;
    private const uint SymbolicLink = 0xA000;
    private const ulong FICLONE = 0x40049409;

    private static readonly bool IsLinuxX64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
    private static readonly bool IsLinuxArm64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>stat (following symlinks when <paramref name="follow"/>); null when the path does not exist.</summary>
    public static unsafe FileStat? Stat(string path, bool follow = true)
    {
        if (!IsLinuxX64 && !IsLinuxArm64)
        {
            return ManagedStat(path, follow);
        }

        byte* buffer = stackalloc byte[256];
        var result = follow ? stat(path, buffer) : lstat(path, buffer);
        if (result != 0)
        {
            return null;
        }

        ulong inode = *(ulong*)(buffer + 8);
        uint mode = IsLinuxX64 ? *(uint*)(buffer + 24) : *(uint*)(buffer + 16);
        long size = *(long*)(buffer + 48);
        long mtimeSec = *(long*)(buffer + 88);
        long mtimeNsec = *(long*)(buffer + 96);
        var type = mode & FileTypeMask;
        return new FileStat(size, (mtimeSec * 1_000_000_000L) + mtimeNsec, inode, type == RegularFile, type == Directory, type == SymbolicLink);
    }

    private static FileStat? ManagedStat(string path, bool follow)
    {
        var info = new FileInfo(path);
        FileSystemInfo target = info;
        if (!info.Exists && !System.IO.Directory.Exists(path))
        {
            return null;
        }

        var isLink = info.LinkTarget is not null;
        if (follow && isLink)
        {
            target = info.ResolveLinkTarget(true) ?? info;
        }

        var isDir = (target.Attributes & FileAttributes.Directory) != 0;
        long ticks = target.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks;
        return new FileStat(isDir ? 0 : ((FileInfo)target).Length, ticks * 100, 0, !isDir && !(isLink && !follow), isDir, isLink && !follow);
    }

    /// <summary>Creates a hard link; false when the file system refuses (other device, no support, name taken).</summary>
    public static bool TryHardLink(string existing, string newPath, out bool alreadyExists)
    {
        alreadyExists = false;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        if (link(existing, newPath) == 0)
        {
            return true;
        }

        alreadyExists = Marshal.GetLastPInvokeError() == 17; // EEXIST
        return false;
    }

    /// <summary>Copy-on-write clone of a whole file (btrfs, XFS, bcachefs); false where the file system cannot.</summary>
    public static bool TryReflink(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        using var src = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var created = false;
        try
        {
            using var dst = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
            created = true;
            var ok = ioctl((int)dst.SafeFileHandle.DangerousGetHandle(), FICLONE, (int)src.SafeFileHandle.DangerousGetHandle()) == 0;
            if (ok)
            {
                return true;
            }
        }
        catch (IOException)
        {
            return false;
        }

        if (created)
        {
            File.Delete(destination);
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int lstat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int ioctl(int fd, ulong request, int argument);
}
