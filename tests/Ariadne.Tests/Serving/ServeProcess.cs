using System.Diagnostics;
using System.Text;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Serving;

/// <summary>A real <c>ariadne serve</c> process on a free port; its banner gives the address.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _drain;

    private ServeProcess(Process process, Uri address, Task drain)
    {
        Process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
        _drain = drain;
    }

    public Process Process { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var process = Process.Start(CliRunner.ProcessStart(workingDirectory, ["serve", "--port", "0", .. args]))!;
        var error = new StringBuilder();
        var errors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (error)
                {
                    error.AppendLine(line);
                }
            }
        });
        var banner = new StringBuilder();
        Uri? address = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        try
        {
            while (address is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.AppendLine(line);
                var at = line.IndexOf(" at http://", StringComparison.Ordinal);
                if (line.StartsWith("Serving ", StringComparison.Ordinal) && at > 0)
                {
                    address = new Uri(line[(at + 4)..].Trim() + "/");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (address is null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            await errors;
            throw new InvalidOperationException($"ariadne serve {string.Join(' ', args)} did not start (exit {process.ExitCode}): {banner}{error}");
        }

        var drain = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }

            await errors;
        });
        var serve = new ServeProcess(process, address, drain);
        lock (error)
        {
            serve._error.Append(error);
        }

        _ = Task.Run(async () =>
        {
            await errors;
            lock (serve._error)
            {
                serve._error.Clear().Append(error);
            }
        });
        return serve;
    }

    /// <summary>Runs <c>ariadne serve</c> expecting it to refuse to start; returns its exit code and message.</summary>
    public static CliRunner.Result Refused(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(CliRunner.ProcessStart(workingDirectory, ["serve", "--port", "0", .. args]))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(240)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return new CliRunner.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await Process.WaitForExitAsync(timeout.Token);
        await _drain;
        return Process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
        Assert.Equal(Interrupt.KilledExitCode, Process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
