using Ariadne.Content;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class AddTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public void Add_file_writes_pointer_gitignore_and_cache_object()
    {
        _ws.Write("data.csv", "a,b\n1,2\n");

        var result = new DataTracker(_ws.Open()).Add([_ws.Path("data.csv")]).Single();

        var pointer = PointerFile.Read(_ws.Path("data.csv.ari"));
        Assert.Equal("data.csv", pointer.Path);
        Assert.Equal(PointerKind.File, pointer.Kind);
        Assert.Equal(ContentHasher.HashBytes("a,b\n1,2\n"u8), pointer.Hash);
        Assert.Equal(8, pointer.Size);
        Assert.True(result.Changed);
        Assert.Contains("/data.csv", File.ReadAllLines(_ws.Path(".gitignore")));
        Assert.True(_ws.Open().Cache.Contains(pointer.Hash));
        _ws.AssertCacheIntact();
    }

    [Fact]
    public void Adding_an_unchanged_path_again_changes_nothing()
    {
        _ws.Write("d/a.txt", "one");
        var tracker = new DataTracker(_ws.Open());
        tracker.Add([_ws.Path("d")]);
        var before = File.ReadAllText(_ws.Path("d.ari"));
        var written = File.GetLastWriteTimeUtc(_ws.Path("d.ari"));

        var again = tracker.Add([_ws.Path("d")]).Single();

        Assert.False(again.Changed);
        Assert.Equal(0, again.NewObjects);
        Assert.Equal(before, File.ReadAllText(_ws.Path("d.ari")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(_ws.Path("d.ari")));
        Assert.Single(File.ReadAllLines(_ws.Path(".gitignore")), l => l == "/d");
    }

    [Fact]
    public void Changed_folder_stores_only_the_new_files()
    {
        for (var i = 0; i < 20; i++)
        {
            _ws.Write($"d/f{i}.txt", $"content {i}");
        }

        var tracker = new DataTracker(_ws.Open());
        var first = tracker.Add([_ws.Path("d")]).Single();
        _ws.Write("d/f3.txt", "changed");
        _ws.Write("d/sub/new.txt", "new file");

        var second = tracker.Add([_ws.Path("d")]).Single();

        Assert.Equal(21, first.NewObjects);
        Assert.Equal(3, second.NewObjects); // two files and the new manifest
        Assert.Equal(21, second.Files);
        var manifest = FolderManifest.Load(_ws.Open().Cache, second.Hash);
        Assert.Contains(manifest.Entries, e => e.Path == "sub/new.txt");
    }

    [Fact]
    public void Empty_files_empty_folders_spaces_and_non_ascii_names_are_tracked()
    {
        _ws.Write("weird dir/leer.txt", "");
        _ws.Write("weird dir/данные über 数据.csv", "x");
        Directory.CreateDirectory(_ws.Path("empty"));

        var results = new DataTracker(_ws.Open()).Add([_ws.Path("weird dir"), _ws.Path("empty")]);

        Assert.Equal(2, results[0].Files);
        Assert.Equal(0, results[1].Files);
        Directory.Delete(_ws.Path("weird dir"), recursive: true);
        Directory.Delete(_ws.Path("empty"));
        var checkout = new WorkspaceCheckout(_ws.Open()).Checkout();
        Assert.True(checkout.Complete);
        Assert.Equal("x", _ws.Read("weird dir/данные über 数据.csv"));
        Assert.Equal("", _ws.Read("weird dir/leer.txt"));
        Assert.True(Directory.Exists(_ws.Path("empty")));
        Assert.All(new WorkspaceStatus(_ws.Open()).Check(), s => Assert.True(s.IsClean));
    }

    [Fact]
    public void Symlink_to_a_file_is_tracked_by_content_and_symlink_to_a_folder_is_refused()
    {
        _ws.Write("target.txt", "linked content");
        _ws.Write("d/plain.txt", "p");
        File.CreateSymbolicLink(_ws.Path("d/link.txt"), _ws.Path("target.txt"));

        var result = new DataTracker(_ws.Open()).Add([_ws.Path("d")]).Single();
        var manifest = FolderManifest.Load(_ws.Open().Cache, result.Hash);
        Assert.Contains(manifest.Entries, e => e.Path == "link.txt" && e.Hash == ContentHasher.HashBytes("linked content"u8));

        _ws.Write("e/x.txt", "x");
        Directory.CreateDirectory(_ws.Path("elsewhere"));
        Directory.CreateSymbolicLink(_ws.Path("e/loop"), _ws.Path("elsewhere"));
        var error = Assert.Throws<AriadneException>(() => new DataTracker(_ws.Open()).Add([_ws.Path("e")]));
        Assert.Contains("symbolic link to a folder", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("e.ari")));
    }

    [Theory]
    [InlineData("../outside.txt", ErrorCode.PathOutsideWorkspace)]
    [InlineData("/etc/hostname", ErrorCode.PathOutsideWorkspace)]
    [InlineData("nope.txt", ErrorCode.PathNotFound)]
    [InlineData(".ariadne/config.yaml", ErrorCode.InvalidArgument)]
    [InlineData("a.txt.ari", ErrorCode.InvalidArgument)]
    public void Bad_paths_are_refused_with_a_clear_error(string path, ErrorCode expected)
    {
        File.WriteAllText(_ws.Outside("outside.txt"), "x");
        var error = Assert.Throws<AriadneException>(() => new DataTracker(_ws.Open()).Add([System.IO.Path.GetFullPath(path, _ws.Root)]));
        Assert.Equal(expected, error.Code);
    }

    [Fact]
    public void A_path_inside_a_tracked_folder_cannot_be_tracked_separately()
    {
        _ws.Write("d/a.txt", "a");
        var tracker = new DataTracker(_ws.Open());
        tracker.Add([_ws.Path("d")]);

        var error = Assert.Throws<AriadneException>(() => tracker.Add([_ws.Path("d/a.txt")]));

        Assert.Contains("already tracked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opted_in_hardlinked_workspace_files_are_made_read_only()
    {
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [hardlink, copy]\n");
        _ws.Write("model.bin", "weights");
        var workspace = _ws.Open();
        new DataTracker(workspace).Add([_ws.Path("model.bin")]);
        Assert.Equal(LinkKind.Hardlink, workspace.Cache.EffectiveLinkKind); // ext4/overlay here: no reflink

        var mode = File.GetUnixFileMode(_ws.Path("model.bin"));

        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
    }

    [Fact]
    public void Copy_link_strategy_keeps_workspace_files_writable_and_separate()
    {
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [copy]\n");
        _ws.Write("model.bin", "weights");

        new DataTracker(_ws.Open()).Add([_ws.Path("model.bin")]);
        File.AppendAllText(_ws.Path("model.bin"), " edited");

        _ws.AssertCacheIntact();
        Assert.Equal(OutputState.Modified, new WorkspaceStatus(_ws.Open()).Check().Single().State);
    }

    [Fact]
    public void File_over_4_GiB_is_hashed_tracked_and_checked_out()
    {
        var path = _ws.Path("huge.bin");
        using (var stream = File.Create(path))
        {
            stream.SetLength((4L << 30) + 4096);
            stream.Position = (4L << 30) + 100;
            stream.WriteByte(7);
        }

        var result = new DataTracker(_ws.Open()).Add([path]).Single();
        Assert.Equal((4L << 30) + 4096, result.Size);
        File.Delete(path);

        Assert.True(new WorkspaceCheckout(_ws.Open()).Checkout().Complete);
        Assert.Equal((4L << 30) + 4096, new FileInfo(path).Length);
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    public void Dispose() => _ws.Dispose();
}
