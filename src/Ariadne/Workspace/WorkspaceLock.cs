namespace Ariadne.Workspace;

/// <summary>
/// An exclusive lock on the workspace for commands that change the cache or the workspace. The operating system
/// releases it when the process dies, even by kill -9, so a crash never leaves the workspace locked.
/// </summary>
internal sealed class WorkspaceLock : IDisposable
{
    private readonly FileStream _stream;

    private WorkspaceLock(FileStream stream) => _stream = stream;

    public static WorkspaceLock Acquire(string lockFile, TimeSpan wait, TimeProvider time)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            try
            {
                var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var info = $"pid {Environment.ProcessId}, '{string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}', since {time.GetUtcNow():u}";
                File.WriteAllText(lockFile + ".info", info);
                return new WorkspaceLock(stream);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
                var holder = File.Exists(lockFile + ".info") ? File.ReadAllText(lockFile + ".info") : "unknown process";
                throw AriadneException.WorkspaceLocked(lockFile, holder);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
