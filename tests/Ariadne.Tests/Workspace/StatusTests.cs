using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class StatusTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    private void TrackFolder(int files)
    {
        for (var i = 0; i < files; i++)
        {
            _ws.Write($"d/{i % 5}/f{i}.txt", $"content {i}");
        }

        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
    }

    [Fact]
    public void Status_reports_unchanged_after_add()
    {
        TrackFolder(10);

        var status = new WorkspaceStatus(_ws.Open()).Check().Single();

        Assert.Equal(OutputState.Unchanged, status.State);
        Assert.True(status.IsClean);
    }

    [Fact]
    public void Status_reports_modified_added_and_deleted_files_of_a_folder()
    {
        TrackFolder(10);
        File.Delete(_ws.Path("d/0/f0.txt"));
        _ws.Write("d/1/f1.txt", "edited");
        _ws.Write("d/new.txt", "new");

        var status = new WorkspaceStatus(_ws.Open()).Check().Single();

        Assert.Equal(OutputState.Modified, status.State);
        Assert.Equal(["new.txt"], status.Added);
        Assert.Equal(["1/f1.txt"], status.Modified);
        Assert.Equal(["0/f0.txt"], status.Deleted);
    }

    [Fact]
    public void Status_reports_missing_data_and_missing_cache_objects()
    {
        _ws.Write("a.txt", "a");
        var workspace = _ws.Open();
        var added = new DataTracker(workspace).Add([_ws.Path("a.txt")]).Single();
        File.Delete(_ws.Path("a.txt"));
        workspace.Cache.Remove(added.Hash);

        var status = new WorkspaceStatus(workspace).Check().Single();

        Assert.Equal(OutputState.Missing, status.State);
        Assert.True(status.NotInCache);
    }

    [Fact]
    public void Status_notices_objects_that_left_the_cache_after_an_earlier_clean_status()
    {
        TrackFolder(10);
        var workspace = _ws.Open();
        Assert.True(new WorkspaceStatus(workspace).Check().Single().IsClean);
        var manifest = FolderManifest.Load(workspace.Cache, PointerFile.Read(_ws.Path("d.ari")).Hash);

        workspace.Cache.Remove(manifest.Entries[3].Hash);
        var afterRemove = new WorkspaceStatus(_ws.Open()).Check().Single();

        Assert.Equal(OutputState.Unchanged, afterRemove.State);
        Assert.Equal(1, afterRemove.MissingObjects);
    }

    [Fact]
    public void Status_notices_a_deleted_cache_folder()
    {
        TrackFolder(10);
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);

        Directory.Delete(_ws.Path(".ariadne/cache"), recursive: true);

        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().NotInCache);
    }

    [Fact]
    public void Status_does_not_reread_unchanged_files_and_rereads_only_touched_ones()
    {
        TrackFolder(200);
        var warm = new CountingProgress();
        new WorkspaceStatus(_ws.Open(), warm).Check();
        Assert.Equal(0, warm.Steps("Hashing"));

        for (var i = 0; i < 10; i++)
        {
            File.SetLastWriteTimeUtc(_ws.Path($"d/{i % 5}/f{i}.txt"), DateTime.UtcNow.AddMinutes(-1 - i));
        }

        var touched = new CountingProgress();
        var status = new WorkspaceStatus(_ws.Open(), touched).Check().Single();

        Assert.Equal(10, touched.Steps("Hashing"));
        Assert.True(status.IsClean);
    }

    [Fact]
    public void Status_notices_an_edit_that_keeps_size_and_mtime_but_changes_inode()
    {
        _ws.Write("a.txt", "aaaa");
        new DataTracker(_ws.Open()).Add([_ws.Path("a.txt")]);
        var mtime = File.GetLastWriteTimeUtc(_ws.Path("a.txt"));

        // Saved as editors save: a new file renamed over the old one (a new inode for certain; deleting first and
        // creating again may be given the freed inode back by the file system, which this check cannot see).
        File.WriteAllText(_ws.Path("a.txt.new"), "bbbb");
        File.SetLastWriteTimeUtc(_ws.Path("a.txt.new"), mtime);
        File.Move(_ws.Path("a.txt.new"), _ws.Path("a.txt"), overwrite: true);

        Assert.Equal(OutputState.Modified, new WorkspaceStatus(_ws.Open()).Check().Single().State);
    }

    [Fact]
    public void Malformed_or_escaping_pointer_files_are_refused_with_the_file_named()
    {
        File.WriteAllText(_ws.Path("evil.ari"), "format: 1\npath: ../../etc/passwd\nkind: file\nblake3: " + new string('a', 64) + "\nsize: 1\nfiles: 1\n");

        var error = Assert.Throws<AriadneException>(() => new WorkspaceStatus(_ws.Open()).Check());

        Assert.Equal(ErrorCode.MalformedPointer, error.Code);
        Assert.Contains("evil.ari", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format: 1\npath: /etc/passwd\nkind: file\nblake3: HASH\nsize: 1\nfiles: 1\n", "relative path")]
    [InlineData("format: 1\npath: a\nkind: file\nblake3: xyz\nsize: 1\nfiles: 1\n", "blake3")]
    [InlineData("format: 1\npath: a\nkind: blob\nblake3: HASH\nsize: 1\nfiles: 1\n", "kind")]
    [InlineData("format: 1\npath: a\nkind: file\nblake3: HASH\nfiles: 1\n", "'size' is missing")]
    [InlineData("format: 9\npath: a\nkind: file\nblake3: HASH\nsize: 1\nfiles: 1\n", "newer")]
    [InlineData("{{{ not yaml", "YAML")]
    public void Pointer_parse_errors_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<AriadneException>(() => PointerFile.Parse(text.Replace("HASH", new string('a', 64), StringComparison.Ordinal), "x.ari"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _ws.Dispose();
}
