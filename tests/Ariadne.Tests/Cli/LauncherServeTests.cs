using System.Diagnostics;
using Ariadne.Tests.Serving;

namespace Ariadne.Tests.Cli;

/// <summary>
/// The repository's <c>./ariadne</c> launcher runs the Native AOT binary once it is built, but <c>ariadne serve</c> runs
/// ML.NET, which needs the JIT: the launcher must send <c>serve</c> to the JIT build even when the binary is current.
/// The launcher is run for real, in a copy of the repository's layout whose Native AOT binary is a stand-in script (a
/// real one takes minutes to build) and whose JIT build is this test run's <c>ariadne.dll</c>.
/// </summary>
public sealed class LauncherServeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ariadne-launcher-" + Guid.NewGuid().ToString("N"));

    public LauncherServeTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".bin", "jit", "bin", "Ariadne.Cli"));
        File.Copy(Path.Combine(PenguinsModel.RepositoryRoot(), "ariadne"), Path.Combine(_root, "ariadne"));
        File.SetUnixFileMode(Path.Combine(_root, "ariadne"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The JIT build: this test run's own build of the CLI, current (its stamp is newer than every source; there are none here).
        Directory.CreateSymbolicLink(Path.Combine(_root, ".bin", "jit", "bin", "Ariadne.Cli", "release"), AppContext.BaseDirectory.TrimEnd('/'));
        File.WriteAllText(Path.Combine(_root, ".bin", "jit", ".built"), "");

        // The Native AOT binary, current too: a stand-in that says it ran.
        var aot = Path.Combine(_root, ".bin", "ariadne");
        File.WriteAllText(aot, "#!/bin/sh\necho \"native aot binary: $*\"\n");
        File.SetUnixFileMode(aot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Serve_runs_on_the_jit_build_while_other_commands_run_the_native_aot_binary()
    {
        var other = await RunAsync("models", "list");
        Assert.Equal(0, other.ExitCode);
        Assert.Equal("native aot binary: models list", other.Out.Trim());

        var serve = await RunAsync("serve", "--help");
        Assert.True(serve.ExitCode == 0, serve.Error);
        Assert.DoesNotContain("native aot binary", serve.Out, StringComparison.Ordinal);
        Assert.Contains("models:/", serve.Out, StringComparison.Ordinal);
        Assert.Contains("--flush-interval", serve.Out, StringComparison.Ordinal);

        // Nothing was built on the way: both builds were current.
        Assert.False(File.Exists(Path.Combine(_root, ".bin", "jit-build.log")));
        Assert.False(Directory.Exists(Path.Combine(_root, ".bin", "aot-build")));
    }

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(_root, "ariadne"))
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
