using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

/// <summary>get, import, update and ls against a second real git repository whose data is on a folder remote.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly TestWorkspace _source = new();
    private readonly TestWorkspace _ws = new();
    private readonly TempFolder _plain = new();

    public ImportTests()
    {
        // The source project keeps its data on a folder remote named relative to itself, as a lab share would be.
        _source.CliOk("remote", "add", "storage", "../store", "--default");
        _source.Write("data/raw/a.csv", "id,x\n1,2\n");
        _source.Write("data/raw/sub/b.csv", "id,y\n1,3\n");
        _source.Write("data/raw/old.csv", "gone soon\n");
        _source.Write("data/labels.csv", "id,label\n1,cat\n");
        _source.CliOk("add", "data/raw", "data/labels.csv");
        _source.CliOk("push");
        _source.Commit("data v1");
        _source.Git("tag v1");
    }

    public void Dispose()
    {
        _source.Dispose();
        _ws.Dispose();
        _plain.Dispose();
    }

    private string SourceHead => _source.Git("rev-parse HEAD").Trim();

    private void NewSourceVersion()
    {
        _source.Write("data/raw/a.csv", "id,x\n1,2\n2,5\n");
        _source.Write("data/raw/new.csv", "id,z\n9,9\n");
        File.Delete(_source.Path("data/raw/old.csv"));
        _source.CliOk("add", "data/raw");
        _source.CliOk("push");
        _source.Commit("data v2");
    }

    [Fact]
    public void Get_downloads_a_tracked_folder_verified_into_a_plain_folder_outside_any_workspace()
    {
        var result = CliRunner.Run(_plain.Path, "get", _source.Root, "data/raw", "-o", "copy/raw", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("id,y\n1,3\n", File.ReadAllText(_plain.Combine("copy/raw/sub/b.csv")));
        Assert.Equal(3, Directory.EnumerateFiles(_plain.Combine("copy/raw"), "*", SearchOption.AllDirectories).Count());
        Assert.False(File.Exists(_plain.Combine("copy/raw.ari")));
        Assert.Equal(["raw"], Directory.EnumerateFileSystemEntries(_plain.Combine("copy")).Select(Path.GetFileName));
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(SourceHead, json.GetProperty("source").GetProperty("commit").GetString());
        Assert.Equal(4, json.GetProperty("downloaded_objects").GetInt32()); // manifest + 3 files
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Get_reads_a_file_url_and_an_older_revision()
    {
        NewSourceVersion();

        var result = CliRunner.Run(_plain.Path, "get", "file://" + _source.Root, "data/raw/", "--rev", "v1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("gone soon\n", File.ReadAllText(_plain.Combine("raw/old.csv")));
        Assert.False(File.Exists(_plain.Combine("raw/new.csv")));
        Assert.Contains("from file://", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_object_on_the_remote_fails_the_get_and_leaves_nothing_behind()
    {
        var hash = File.ReadAllLines(_source.Path("data/labels.csv.ari")).Single(l => l.StartsWith("blake3: ", StringComparison.Ordinal))[8..];
        var onRemote = Path.Combine(_source.Outside("store"), hash[..2], hash[2..]);
        File.SetUnixFileMode(onRemote, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(onRemote, "id,label\n1,dog\n");

        var result = CliRunner.Run(_plain.Path, "get", _source.Root, "data/labels.csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is corrupt", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_plain.Path));
    }

    [Fact]
    public void Import_records_its_source_and_update_brings_the_new_version_and_says_what_changed()
    {
        var import = _ws.CliOk("import", _source.Root, "data/raw", "-o", "inputs/raw", "--json");
        var v1 = SourceHead;

        Assert.Equal("id,x\n1,2\n", _ws.Read("inputs/raw/a.csv"));
        var pointer = _ws.Read("inputs/raw.ari");
        Assert.Contains($"source:\n  repo: {_source.Root}\n  commit: {v1}\n  path: data/raw\n", pointer, StringComparison.Ordinal);
        Assert.Equal("/raw\n", _ws.Read("inputs/.gitignore"));
        Assert.Equal("inputs/raw.ari", JsonDocument.Parse(import.Out).RootElement.GetProperty("pointer").GetString());

        // The source travels into status and ls, where lineage can read it.
        var status = JsonDocument.Parse(_ws.CliOk("status", "--json").Out).RootElement[0];
        Assert.Equal("unchanged", status.GetProperty("state").GetString());
        Assert.Equal(v1, status.GetProperty("source").GetProperty("commit").GetString());
        Assert.Equal("data/raw", status.GetProperty("source").GetProperty("path").GetString());
        var listed = JsonDocument.Parse(_ws.CliOk("ls", ".", "--json").Out).RootElement[0];
        Assert.Equal(_source.Root, listed.GetProperty("source").GetProperty("repo").GetString());

        var unchanged = JsonDocument.Parse(_ws.CliOk("update", "inputs/raw.ari", "--json").Out).RootElement;
        Assert.False(unchanged.GetProperty("changed").GetBoolean());

        NewSourceVersion();
        var update = _ws.CliOk("update", "inputs/raw.ari", "--json");

        var json = JsonDocument.Parse(update.Out).RootElement;
        Assert.True(json.GetProperty("changed").GetBoolean());
        var changes = json.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("path").GetString()}").ToList();
        Assert.Equal(["modified inputs/raw/a.csv", "added inputs/raw/new.csv", "deleted inputs/raw/old.csv"], changes);
        Assert.Equal(SourceHead, json.GetProperty("source").GetProperty("commit").GetString());
        Assert.Equal(v1, json.GetProperty("old_source").GetProperty("commit").GetString());
        Assert.NotEqual(json.GetProperty("old_blake3").GetString(), json.GetProperty("new_blake3").GetString());
        Assert.Equal("id,x\n1,2\n2,5\n", _ws.Read("inputs/raw/a.csv"));
        Assert.False(File.Exists(_ws.Path("inputs/raw/old.csv")));
        Assert.Contains($"commit: {SourceHead}", _ws.Read("inputs/raw.ari"), StringComparison.Ordinal);
        Assert.Equal("unchanged", JsonDocument.Parse(_ws.CliOk("status", "--json").Out).RootElement[0].GetProperty("state").GetString());
        _ws.AssertCacheIntact();
    }

    [Fact]
    public void An_import_pinned_to_a_tag_stays_there_until_update_is_given_another_rev()
    {
        NewSourceVersion();
        _ws.CliOk("import", _source.Root, "data/raw", "--rev", "v1");
        Assert.Contains("  rev: v1\n", _ws.Read("raw.ari"), StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.Path("raw/old.csv")));

        var pinned = _ws.CliOk("update", "raw");
        Assert.Contains("is up to date", pinned.Out, StringComparison.Ordinal);

        var branch = _source.Git("rev-parse --abbrev-ref HEAD").Trim();
        var moved = _ws.CliOk("update", "raw.ari", "--rev", branch);
        Assert.Contains("modified  raw/a.csv", moved.Out, StringComparison.Ordinal);
        Assert.Contains($"  rev: {branch}\n", _ws.Read("raw.ari"), StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.Path("raw/new.csv")));
    }

    [Fact]
    public void Update_refuses_to_replace_local_edits_without_force_and_refuses_paths_that_were_not_imported()
    {
        _ws.CliOk("import", _source.Root, "data/labels.csv");
        NewSourceVersion();
        _source.Write("data/labels.csv", "id,label\n1,dog\n");
        _source.CliOk("add", "data/labels.csv");
        _source.CliOk("push");
        _source.Commit("labels v2");
        _ws.Write("labels.csv", "my own edit\n");

        var refused = _ws.Cli("update", "labels.csv.ari");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("local changes", refused.Error, StringComparison.Ordinal);
        Assert.Equal("my own edit\n", _ws.Read("labels.csv"));

        _ws.CliOk("update", "labels.csv.ari", "--force");
        Assert.Equal("id,label\n1,dog\n", _ws.Read("labels.csv"));

        _ws.Write("mine.txt", "x");
        _ws.CliOk("add", "mine.txt");
        var notImported = _ws.Cli("update", "mine.txt.ari");
        Assert.Equal(2, notImported.ExitCode);
        Assert.Contains("was not imported", notImported.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ls_lists_tracked_paths_with_sizes_and_hashes_and_the_files_of_a_tracked_folder()
    {
        var all = JsonDocument.Parse(_ws.CliOk("ls", _source.Root, "--json").Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["data/labels.csv", "data/raw"], all.Select(e => e.GetProperty("path").GetString()));
        Assert.Equal(_source.Read("data/labels.csv").Length, all[0].GetProperty("size").GetInt64());
        Assert.Equal("folder", all[1].GetProperty("kind").GetString());
        Assert.Equal(3, all[1].GetProperty("files").GetInt64());
        Assert.Contains(all[1].GetProperty("blake3").GetString()!, _source.Read("data/raw.ari"), StringComparison.Ordinal);

        var files = _ws.CliOk("ls", _source.Root, "data/raw").Out;
        Assert.Contains("data/raw/sub/b.csv\t9 B\tfile\t", files, StringComparison.Ordinal);

        NewSourceVersion();
        var old = JsonDocument.Parse(_ws.CliOk("ls", _source.Root, "data/raw", "--rev", "v1", "--json").Out).RootElement;
        Assert.Contains(old.EnumerateArray(), e => e.GetProperty("path").GetString() == "data/raw/old.csv");
    }

    [Fact]
    public void Sealed_parts_are_never_handed_out_by_get_import_or_ls()
    {
        _source.Write("split/train.csv", "id\n1\n");
        _source.Write("split/test.csv.sealed", "format: 1\nsealed: true\npath: test.csv\nblake3: " + new string('a', 64) + "\nsize: 10\n");
        _source.Commit("a split");

        foreach (var args in new[] { new[] { "get", _source.Root, "split/test.csv" }, ["import", _source.Root, "split/test.csv.sealed"], ["ls", _source.Root, "split/test.csv"] })
        {
            var result = _ws.Cli(args);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("sealed test part", result.Error, StringComparison.Ordinal);
            Assert.Contains("ariadne holdout read", result.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_ws.Path("test.csv")));
        Assert.False(File.Exists(_ws.Path("test.csv.ari")));
    }

    [Fact]
    public void Bad_input_gets_a_clear_message_and_changes_nothing()
    {
        _ws.Write("raw/keep.txt", "mine");
        var before = Directory.EnumerateFileSystemEntries(_ws.Root, "*", SearchOption.AllDirectories).Where(p => !p.Contains("/.git/", StringComparison.Ordinal)).Order().ToList();

        (string[] Args, string Message)[] cases =
        [
            (["import", _source.Root, "data/raw"], "already exists"),
            (["import", _source.Root, "data/nothing", "-o", "x"], "'data/nothing' is not tracked"),
            (["import", _source.Root, "data/raw/a.csv", "-o", "x"], "inside the tracked folder 'data/raw'"),
            (["import", _ws.Outside("no-such-repo"), "data/raw", "-o", "x"], "neither a git URL nor an existing folder"),
            (["import", _source.Root, "data/raw", "--rev", "v9", "-o", "x"], "has no revision 'v9'"),
            (["import", _source.Root, "../etc/passwd", "-o", "x"], "not a path inside the repository"),
            (["get", _source.Root, "data/raw", "-o", "raw"], "already exists"),
            (["ls", _source.Root, "nowhere"], "Nothing is tracked at or under 'nowhere'"),
        ];
        foreach (var (args, message) in cases)
        {
            var result = _ws.Cli(args);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: {result.ExitCode} {result.Error}");
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
        }

        var after = Directory.EnumerateFileSystemEntries(_ws.Root, "*", SearchOption.AllDirectories).Where(p => !p.Contains("/.git/", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(before, after);
        Assert.Equal("mine", _ws.Read("raw/keep.txt"));
        Assert.Empty(Directory.EnumerateFiles(_ws.Path(".ariadne/cache/objects"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_project_without_a_default_remote_is_refused_by_name_and_progress_counts_downloaded_files()
    {
        var progress = new CountingProgress();
        await new DataImport(progress).GetAsync(_source.Root, "data/raw", null, _plain.Combine("r"), _plain.Path);
        Assert.Equal(4, progress.Steps("Downloading data/raw")); // the manifest, then its 3 files

        _source.CliOk("config", "--unset", "core.remote");
        _source.Commit("no default remote");
        var result = CliRunner.Run(_plain.Path, "get", _source.Root, "data/labels.csv");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no default remote", result.Error, StringComparison.Ordinal);
    }
}
