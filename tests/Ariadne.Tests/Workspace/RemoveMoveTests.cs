using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Workspace;

public sealed class RemoveMoveTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string CacheObjectOf(string pointer)
    {
        var hash = File.ReadAllLines(_ws.Path(pointer)).Single(l => l.StartsWith("blake3: ", StringComparison.Ordinal))[8..];
        return _ws.Path($".ariadne/cache/objects/{hash[..2]}/{hash[2..]}");
    }

    [Fact]
    public void Remove_deletes_pointer_ignore_entry_and_files_but_the_cache_keeps_the_objects_until_gc()
    {
        _ws.Write("data/a.csv", "a,b\n1,2\n");
        _ws.Write("data/keep.csv", "k\n");
        _ws.CliOk("add", "data/a.csv", "data/keep.csv");
        var cached = CacheObjectOf("data/a.csv.ari");
        _ws.Commit("data");

        _ws.CliOk("remove", "data/a.csv.ari");

        Assert.False(File.Exists(_ws.Path("data/a.csv.ari")));
        Assert.False(File.Exists(_ws.Path("data/a.csv")));
        Assert.Equal("/keep.csv\n", _ws.Read("data/.gitignore"));
        Assert.True(File.Exists(cached));
        Assert.Contains("data/a.csv", _ws.Git("status --porcelain"), StringComparison.Ordinal);

        // git brings the pointer back and checkout the data, from the cache.
        _ws.Git("checkout -- data/a.csv.ari data/.gitignore");
        _ws.CliOk("checkout");
        Assert.Equal("a,b\n1,2\n", _ws.Read("data/a.csv"));

        _ws.CliOk("remove", "data/a.csv");
        _ws.CliOk("gc");
        Assert.False(File.Exists(cached));
    }

    [Fact]
    public void Remove_keep_data_leaves_the_files_and_drops_the_last_ignore_entry_file()
    {
        _ws.Write("raw/f.txt", "x");
        _ws.CliOk("add", "raw");

        var result = JsonDocument.Parse(_ws.CliOk("remove", "raw.ari", "--keep-data", "--json").Out).RootElement[0];

        Assert.False(result.GetProperty("data_removed").GetBoolean());
        Assert.Equal("x", _ws.Read("raw/f.txt"));
        Assert.False(File.Exists(_ws.Path("raw.ari")));
        Assert.False(File.Exists(_ws.Path(".gitignore")));
        Assert.Contains("raw/f.txt", _ws.Git("status --porcelain -uall"), StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_refuses_to_delete_unrecorded_changes_and_untracked_paths()
    {
        _ws.Write("d/f.txt", "v1");
        _ws.CliOk("add", "d");
        _ws.Write("d/f.txt", "edited, never added");

        var refused = _ws.Cli("remove", "d.ari");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--keep-data", refused.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.Path("d.ari")));
        Assert.Equal("edited, never added", _ws.Read("d/f.txt"));

        var untracked = _ws.Cli("remove", "nothing.ari");
        Assert.Equal(2, untracked.ExitCode);
        Assert.Contains("is not tracked", untracked.Error, StringComparison.Ordinal);

        _ws.CliOk("remove", "d.ari", "--force");
        Assert.False(Directory.Exists(_ws.Path("d")));
    }

    [Fact]
    public void Move_renames_a_folder_into_another_folder_with_pointer_and_both_ignore_files()
    {
        _ws.Write("data/raw/a.txt", "a");
        _ws.Write("data/raw/sub/b.txt", "b");
        _ws.Write("data/other.txt", "o");
        _ws.CliOk("add", "data/raw", "data/other.txt");
        var before = _ws.Read("data/raw.ari");

        _ws.CliOk("move", "data/raw", "archive/2024/raw-v1");

        Assert.False(Directory.Exists(_ws.Path("data/raw")));
        Assert.False(File.Exists(_ws.Path("data/raw.ari")));
        Assert.Equal("b", _ws.Read("archive/2024/raw-v1/sub/b.txt"));
        var pointer = _ws.Read("archive/2024/raw-v1.ari");
        Assert.Contains("path: raw-v1\n", pointer, StringComparison.Ordinal);
        Assert.Equal(before.Replace("path: raw\n", "path: raw-v1\n", StringComparison.Ordinal), pointer);
        Assert.Equal("/other.txt\n", _ws.Read("data/.gitignore"));
        Assert.Equal("/raw-v1\n", _ws.Read("archive/2024/.gitignore"));
        var status = JsonDocument.Parse(_ws.CliOk("status", "--json").Out).RootElement.EnumerateArray().ToList();
        Assert.All(status, s => Assert.Equal("unchanged", s.GetProperty("state").GetString()));
        Assert.Contains(status, s => s.GetProperty("path").GetString() == "archive/2024/raw-v1");
    }

    [Fact]
    public void Move_refuses_an_existing_target_and_an_untracked_source_and_changes_nothing()
    {
        _ws.Write("a.txt", "a");
        _ws.Write("b.txt", "b");
        _ws.CliOk("add", "a.txt");

        var exists = _ws.Cli("move", "a.txt", "b.txt");
        Assert.Equal(2, exists.ExitCode);
        Assert.Contains("already exists", exists.Error, StringComparison.Ordinal);
        Assert.Equal("a", _ws.Read("a.txt"));
        Assert.Equal("b", _ws.Read("b.txt"));
        Assert.True(File.Exists(_ws.Path("a.txt.ari")));

        var untracked = _ws.Cli("move", "b.txt", "c.txt");
        Assert.Equal(2, untracked.ExitCode);
        Assert.Contains("'", untracked.Error, StringComparison.Ordinal);
        Assert.Contains("is not tracked", untracked.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.Path("b.txt")));

        _ws.CliOk("move", "a.txt.ari", "renamed.txt");
        Assert.Equal("a", _ws.Read("renamed.txt"));
        Assert.Equal("/renamed.txt\n", _ws.Read(".gitignore"));
    }
}
