using System.Diagnostics;

namespace Ariadne.Tests.Support;

/// <summary>
/// A small tmpfs mounted on a folder (tests run as root), for a disk that fills up or a file system that turns
/// read-only; unmounted on dispose. Fails loudly when mounting is not possible.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string folder) => Folder = folder;

    public string Folder { get; }

    public static Tmpfs Mount(string folder, string size)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder);
        return new Tmpfs(folder);
    }

    public void Resize(string size) => Run("mount", "-o", $"remount,size={size}", Folder);

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Folder);

    public void Dispose() => Run("umount", "-l", Folder);

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' failed ({process.ExitCode}): {error.Trim()}. These tests mount a small tmpfs and must run as root.");
        }
    }
}
