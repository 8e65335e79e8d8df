using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Ariadne.RunContext;

/// <summary>
/// Runs a short-lived external tool (git, nvidia-smi) for environment capture: bounded in time and output, and
/// never throwing. A tool that is missing, fails, or runs past its timeout simply yields <c>null</c>.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The tool's standard output when it exits with code 0 in time; otherwise null.</summary>
    public static async Task<ToolOutput?> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, int maxChars = int.MaxValue)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Never prompt, page, or take optional locks on the user's repository while a run starts.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["LC_ALL"] = "C";

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                process.StandardInput.Close();
                var errors = DrainAsync(process.StandardError, cancel.Token);
                var output = ReadBoundedAsync(process.StandardOutput, maxChars, cancel.Token);
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
                var (text, truncated) = await output.ConfigureAwait(false);
                await errors.ConfigureAwait(false);
                return process.ExitCode == 0 ? new ToolOutput(text, truncated) : null;
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                return null;
            }
            catch (IOException)
            {
                Kill(process);
                return null;
            }
            catch (InvalidOperationException)
            {
                Kill(process);
                return null;
            }
        }
    }

    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(StreamReader reader, int maxChars, CancellationToken cancel)
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancel).ConfigureAwait(false)) > 0)
        {
            var room = maxChars - text.Length;
            if (read > room)
            {
                truncated = true;
                text.Append(buffer, 0, Math.Max(0, room));
            }
            else
            {
                text.Append(buffer, 0, read);
            }
        }

        return (text.ToString(), truncated);
    }

    private static async Task DrainAsync(StreamReader reader, CancellationToken cancel)
    {
        var buffer = new char[4096];
        while (await reader.ReadAsync(buffer.AsMemory(), cancel).ConfigureAwait(false) > 0)
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Could not be killed; it was started by us and will be reaped by the OS.
        }
    }
}
