using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class DiffTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public void Diff_lists_added_modified_and_deleted_files_against_a_revision()
    {
        _ws.Write("d/keep.txt", "k");
        _ws.Write("d/edit.txt", "1");
        _ws.Write("d/drop.txt", "x");
        _ws.Write("single.bin", "s");
        new DataTracker(_ws.Open()).Add([_ws.Path("d"), _ws.Path("single.bin")]);
        _ws.Commit("first");
        _ws.Write("d/edit.txt", "2");
        File.Delete(_ws.Path("d/drop.txt"));
        _ws.Write("d/new.txt", "n");
        _ws.Write("other.csv", "o");
        new DataTracker(_ws.Open()).Add([_ws.Path("d"), _ws.Path("other.csv")]);

        var diff = new WorkspaceDiff(_ws.Open()).Against("HEAD");

        Assert.Equal(
            [("d/drop.txt", DiffChange.Deleted), ("d/edit.txt", DiffChange.Modified), ("d/new.txt", DiffChange.Added), ("other.csv", DiffChange.Added)],
            diff.Select(e => (e.Path, e.Change)));
    }

    [Fact]
    public void Diff_json_is_machine_readable_and_unknown_revisions_are_clear_errors()
    {
        _ws.Write("a.txt", "a");
        new DataTracker(_ws.Open()).Add([_ws.Path("a.txt")]);
        _ws.Commit("a");
        _ws.Write("a.txt", "b");

        var json = System.Text.Json.JsonDocument.Parse(_ws.CliOk("diff", "--json").Out);
        Assert.Equal("a.txt", json.RootElement.GetProperty("modified")[0].GetProperty("path").GetString());

        var bad = _ws.Cli("diff", "no-such-rev");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("no-such-rev", bad.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _ws.Dispose();
}
