using System.Diagnostics;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>
/// Starts tests/Ariadne.Tests.StoreWriter as separate OS processes (built with the tests, in the same configuration), for tests of several processes using one SQLite store at once.
/// </summary>
internal static class StoreWriterProcess
{
    private static readonly Lazy<Task<string>> Built = new(() => Task.FromResult(Locate()));

    /// <summary>Starts one writer process with <paramref name="arguments"/>; its stdout and stderr are captured.</summary>
    public static async Task<Process> StartAsync(params string[] arguments)
    {
        var dll = await Built.Value;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Waits for the process and returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> WaitAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Store writer {process.Id} did not finish within {timeout}.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>The writer is built with the tests (a ProjectReference that does not reference its assembly).</summary>
    private static string Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent?.Name ?? "Debug";
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ariadne.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Ariadne.sln above {AppContext.BaseDirectory}.");
        }

        var dll = Path.Combine(root.FullName, "tests", "Ariadne.Tests.StoreWriter", "bin", configuration, "net10.0", "Ariadne.Tests.StoreWriter.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The store writer is not built; build the solution ('dotnet build Ariadne.sln') first.", dll);
    }
}
