using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ariadne.Processes;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Processes;

public sealed class ProcessCommandTests : IDisposable
{
    private const int TenMegabytes = 10 * 1024 * 1024;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Ten_megabytes_on_stdout_and_stderr_at_once_are_read_in_full_without_deadlock()
    {
        // Both streams are written at the same time; a runner that reads one to its end before the other blocks forever.
        var script = $"head -c {TenMegabytes} /dev/zero | tr '\\0' a & head -c {TenMegabytes} /dev/zero | tr '\\0' b >&2; wait";
        var command = new ProcessCommand("/bin/sh", ["-c", script]) { Timeout = TimeSpan.FromSeconds(120) };

        var result = await command.RunAsync();

        Assert.False(result.TimedOut, "The child did not finish: its output was not read while it ran.");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TenMegabytes, result.Output.Length);
        Assert.Equal(TenMegabytes, result.Error.Length);
        Assert.True(result.Output.All(c => c == 'a') && result.Error.All(c => c == 'b'), "stdout and stderr were mixed up");
    }

    [Fact]
    public async Task Lines_of_both_streams_reach_their_targets_while_the_child_runs()
    {
        var lines = new List<string>();
        var command = new ProcessCommand("/bin/sh", ["-c", "for i in $(seq 1 20000); do echo out $i; echo err $i >&2; done"])
        {
            Output = ProcessOutput.Lines(line => { lock (lines) { lines.Add(line); } }),
            Error = ProcessOutput.Lines(line => { lock (lines) { lines.Add(line); } }),
        };

        var result = await command.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(40000, lines.Count);
        Assert.Contains("err 20000", lines);
        Assert.Equal("", result.Output); // given a target, a stream is not kept as well
    }

    [Fact]
    public async Task Timeout_kills_the_child_and_the_grandchild_it_started()
    {
        var grandchild = new TaskCompletionSource<int>();
        var command = new ProcessCommand("/bin/sh", ["-c", "sleep 300 & echo $!; wait"])
        {
            Timeout = TimeSpan.FromSeconds(2),
            Output = ProcessOutput.Lines(line => grandchild.TrySetResult(int.Parse(line, CultureInfo.InvariantCulture))),
        };

        var watch = Stopwatch.StartNew();
        var result = await command.RunAsync();

        Assert.True(result.TimedOut);
        Assert.Equal(ProcessResult.KilledExitCode, result.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"The timeout took {watch.Elapsed} to stop the child.");
        var pid = await grandchild.Task.WaitAsync(TimeSpan.FromSeconds(5));
        AssertGone(pid);
    }

    [Fact]
    public async Task Cancellation_kills_the_process_tree_and_throws()
    {
        using var cancel = new CancellationTokenSource();
        var grandchild = 0;
        var command = new ProcessCommand("/bin/sh", ["-c", "sleep 300 & echo $!; wait"])
        {
            Output = ProcessOutput.Lines(line =>
            {
                grandchild = int.Parse(line, CultureInfo.InvariantCulture);
                cancel.Cancel();
            }),
        };

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.RunAsync(cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Cancelling took {watch.Elapsed}.");
        Assert.NotEqual(0, grandchild);
        AssertGone(grandchild);
    }

    [Fact]
    public async Task Arguments_reach_the_child_exactly_with_spaces_quotes_unicode_and_shell_characters()
    {
        string[] arguments = ["two words", "double \"quoted\"", "it's", "ünïcødé ✓ 数据", "", "$HOME", "*", "back\\slash", "semi;colon && true", "tab\there"];
        var command = new ProcessCommand("printf", ["%s\\n", .. arguments]) { WorkingDirectory = _folder.Path };

        var result = await command.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(arguments, result.Output.Split('\n')[..^1]);
    }

    [Fact]
    public async Task Input_environment_and_working_folder_are_the_childs()
    {
        Environment.SetEnvironmentVariable("ARIADNE_TEST_REMOVED", "still here");
        var command = new ProcessCommand("/bin/sh", ["-c", "cat; echo \"[$ARIADNE_TEST_ADDED][${ARIADNE_TEST_REMOVED-unset}]\"; pwd"])
        {
            WorkingDirectory = _folder.Path,
            Input = Encoding.UTF8.GetBytes("from stdin ✓\n"),
            Environment = new Dictionary<string, string?> { ["ARIADNE_TEST_ADDED"] = "a value", ["ARIADNE_TEST_REMOVED"] = null },
        };

        var result = await command.RunAsync();

        Environment.SetEnvironmentVariable("ARIADNE_TEST_REMOVED", null);
        Assert.Equal($"from stdin ✓\n[a value][unset]\n{_folder.Path}\n", result.Output);
    }

    [Fact]
    public async Task A_child_that_reads_stdin_sees_its_end_when_no_input_is_given()
    {
        var result = await new ProcessCommand("cat", []) { Timeout = TimeSpan.FromSeconds(30) }.RunAsync();

        Assert.False(result.TimedOut, "cat waited for input: standard input was left open.");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Kept_output_is_bounded_and_says_it_was_cut()
    {
        var result = await new ProcessCommand("/bin/sh", ["-c", "seq 1 100000"]) { MaxKeptChars = 10 }.RunAsync();

        Assert.Equal(0, result.ExitCode); // the rest was still read, so the child was not blocked
        Assert.Equal("1\n2\n3\n4\n5\n", result.Output);
        Assert.True(result.OutputTruncated);
    }

    [Fact]
    public async Task A_missing_program_is_a_clear_error_naming_it()
    {
        var missing = await Assert.ThrowsAsync<AriadneException>(() => new ProcessCommand("ariadne-no-such-program", ["x"]).RunAsync());
        var missingPath = await Assert.ThrowsAsync<AriadneException>(() => new ProcessCommand("./train.sh", []) { WorkingDirectory = _folder.Path }.RunAsync());
        var missingFolder = await Assert.ThrowsAsync<AriadneException>(() => new ProcessCommand("true", []) { WorkingDirectory = _folder.Combine("gone") }.RunAsync());

        Assert.Equal(ErrorCode.InvalidArgument, missing.Code);
        Assert.Contains("Could not start 'ariadne-no-such-program'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("PATH", missing.Message, StringComparison.Ordinal);
        Assert.Contains(_folder.Combine("train.sh"), missingPath.Message, StringComparison.Ordinal);
        Assert.Contains("working folder", missingFolder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_program_path_is_found_from_the_working_folder()
    {
        var script = _folder.WriteFile("bin/hello.sh", "#!/bin/sh\necho hello from $0\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await new ProcessCommand("bin/hello.sh", []) { WorkingDirectory = _folder.Path }.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("hello from", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Asserts the process is gone: no such process, or a zombie waiting only to be reaped (it runs no more).</summary>
    private static void AssertGone(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                return;
            }

            // Field 3, after the command name in parentheses: the state; Z (zombie) and X (dead) no longer run.
            if (text[(text.LastIndexOf(')') + 2)..][0] is 'Z' or 'X')
            {
                return;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"Process {pid} still runs: the process tree was not killed.");
    }
}
