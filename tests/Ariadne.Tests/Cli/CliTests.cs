using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public void Init_is_idempotent_and_says_once_when_outside_git()
    {
        using var temp = new TempFolder();

        var first = CliRunner.Run(temp.Path, "init");
        var second = CliRunner.Run(temp.Path, "init");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("not in a git repository", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("not in a git repository", second.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, ".ariadne", "config.yaml")));
    }

    [Fact]
    public void Commands_outside_a_workspace_say_to_run_init()
    {
        using var temp = new TempFolder();

        var result = CliRunner.Run(temp.Path, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ariadne init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_status_and_remote_list_have_json_for_scripts()
    {
        using var ws = new TestWorkspace();
        ws.Write("data/a.csv", "x,y\n");
        ws.CliOk("remote", "add", "storage", ws.Outside("remote"), "--default");

        var added = JsonDocument.Parse(ws.CliOk("add", "data", "--json").Out).RootElement[0];
        var status = JsonDocument.Parse(ws.CliOk("status", "--json").Out).RootElement[0];
        var remotes = JsonDocument.Parse(ws.CliOk("remote", "list", "--json").Out).RootElement[0];

        Assert.Equal("folder", added.GetProperty("kind").GetString());
        Assert.Equal(1, added.GetProperty("files").GetInt32());
        Assert.Equal("unchanged", status.GetProperty("state").GetString());
        Assert.True(remotes.GetProperty("default").GetBoolean());
    }

    [Fact]
    public void The_built_tool_runs_as_a_process_and_piped_output_has_no_progress_bars()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.txt", "a");

        var result = CliRunner.RunProcess(ws.Root, "add", "a.txt");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\u001b[", result.Out + result.Error, StringComparison.Ordinal);
        Assert.StartsWith("Tracked a.txt", result.Out, StringComparison.Ordinal);
    }
}
