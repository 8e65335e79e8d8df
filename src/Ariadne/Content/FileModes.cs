namespace Ariadne.Content;

/// <summary>Read-only and writable file modes, on POSIX through the mode bits, elsewhere through the attribute.</summary>
internal static class FileModes
{
    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(path, ReadOnlyMode);
        }
    }

    public static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(path, ReadOnlyMode | UnixFileMode.UserWrite);
        }
    }
}
