using System.Diagnostics;

namespace Ariadne.Tests.Support;

/// <summary>
/// Kills a command (SIGKILL) in the middle of its work, and proves that it did: progress was seen while the process
/// was still running, and the process ended by the signal. A command that finishes first fails the test instead of
/// passing without having been interrupted.
/// </summary>
public static class Interrupt
{
    /// <summary>SIGKILL's exit status as .NET reports it on Unix (128 + 9).</summary>
    public const int KilledExitCode = 137;

    public static void KillWhen(ProcessStartInfo start, Func<bool> progressed, TimeSpan? timeout = null)
    {
        using var process = Process.Start(start)!;
        var stdout = start.RedirectStandardOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var stderr = start.RedirectStandardError ? process.StandardError.ReadToEndAsync() : Task.FromResult("");
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        var watch = Stopwatch.StartNew();
        var seen = false;
        while (!process.HasExited && watch.Elapsed < limit)
        {
            if (progressed())
            {
                seen = true;
                break;
            }

            Thread.Sleep(5);
        }

        var exitedEarly = process.HasExited;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.True(seen && !exitedEarly, exitedEarly
            ? $"The command exited ({process.ExitCode}) before it showed the progress the test waits for, so nothing was interrupted. Give it more work. {stderr.Result}{stdout.Result}"
            : $"The command showed no progress within {limit.TotalSeconds:0} s. {stderr.Result}");
        Assert.True(process.ExitCode == KilledExitCode, $"The kill did not land: the command exited with {process.ExitCode}, not by SIGKILL ({KilledExitCode}). Give it more work. {stderr.Result}");
    }
}
