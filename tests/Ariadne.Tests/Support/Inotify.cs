namespace Ariadne.Tests.Support;

/// <summary>
/// The inotify instances a process holds (Linux allows 128 per user by default). A server that watched its workspace
/// would hold one, with a watch on every folder in it, woken by every file the server writes.
/// </summary>
public static class Inotify
{
    public static int Instances(int processId) =>
        Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == "anon_inode:inotify";
            }
            catch (IOException)
            {
                return false;
            }
        });
}
