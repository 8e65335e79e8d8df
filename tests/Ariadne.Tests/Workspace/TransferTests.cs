using Ariadne.Content;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class TransferTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    private string AddRemote()
    {
        var remote = _ws.Outside("remote");
        _ws.CliOk("remote", "add", "storage", remote, "--default");
        return remote;
    }

    private void TrackFolder(int files)
    {
        for (var i = 0; i < files; i++)
        {
            _ws.Write($"d/f{i}.txt", $"content {i}");
        }

        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
    }

    [Fact]
    public async Task Push_moves_only_missing_objects_and_pull_restores_a_fresh_clone()
    {
        AddRemote();
        TrackFolder(30);
        var first = await new DataTransfer(_ws.Open()).PushAsync(null, [], CancellationToken.None);
        Assert.Equal(31, first.Transferred);

        _ws.Write("d/extra.txt", "one more");
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        var second = await new DataTransfer(_ws.Open()).PushAsync(null, [], CancellationToken.None);
        Assert.Equal(2, second.Transferred); // the new file and the new manifest
        Assert.Equal(30, second.AlreadyThere);

        _ws.Commit("data");
        using var clone = new TempFolder();
        var cloneRoot = clone.Combine("clone");
        _ws.Git($"clone -q {_ws.Root} {cloneRoot}");
        var pulled = CliRunner.Run(cloneRoot, "pull", "--json");
        Assert.Equal(0, pulled.ExitCode);
        Assert.Equal("one more", File.ReadAllText(Path.Combine(cloneRoot, "d/extra.txt")));
        Assert.Contains("All 1 tracked path(s) match", CliRunner.Run(cloneRoot, "status").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_object_on_the_remote_is_refused_on_fetch_and_reported_by_verify()
    {
        var remote = AddRemote();
        _ws.Write("a.txt", "good bytes");
        var added = new DataTracker(_ws.Open()).Add([_ws.Path("a.txt")]).Single();
        await new DataTransfer(_ws.Open()).PushAsync(null, [], CancellationToken.None);
        var onRemote = Path.Combine(remote, added.Hash.Hex[..2], added.Hash.Hex[2..]);
        File.SetUnixFileMode(onRemote, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(onRemote, "evil bytes");
        _ws.Open().Cache.Remove(added.Hash);

        var fetch = await new DataTransfer(_ws.Open()).FetchAsync(null, [], CancellationToken.None);

        Assert.False(fetch.Complete);
        Assert.Contains("corrupt", fetch.Failed.Single(), StringComparison.Ordinal);
        Assert.False(_ws.Open().Cache.Contains(added.Hash));
        Assert.Empty(Directory.EnumerateFiles(_ws.Path(".ariadne/tmp")));
        var verify = _ws.Cli("verify", "--remote", "storage", "--json");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains(added.Hash.Hex, verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_uploads_again_an_object_the_remote_holds_half_written()
    {
        var remote = AddRemote();
        TrackFolder(80);
        await new DataTransfer(_ws.Open()).PushAsync(null, [], CancellationToken.None);
        var victim = Directory.EnumerateFiles(remote, "*", SearchOption.AllDirectories).First();
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(victim, "cut");
        Assert.Equal(1, _ws.Cli("verify", "--remote", "storage").ExitCode);

        var repair = await new DataTransfer(_ws.Open()).PushAsync(null, [], CancellationToken.None);

        Assert.Equal(1, repair.Transferred);
        Assert.Equal(0, _ws.Cli("verify", "--remote", "storage").ExitCode);
    }

    [Fact]
    public void Verify_reports_corruption_in_the_cache_with_a_non_zero_exit()
    {
        _ws.Write("a.txt", "fine");
        var workspace = _ws.Open();
        File.WriteAllText(workspace.Cache.Root + "/../../notes.txt", "unrelated");
        var added = new DataTracker(workspace).Add([_ws.Path("a.txt")]).Single();
        Assert.Equal(0, _ws.Cli("verify").ExitCode);

        var path = workspace.Cache.PathOf(added.Hash);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, "rot");

        var result = _ws.Cli("verify");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(added.Hash.Hex, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pushing_without_a_remote_says_how_to_add_one()
    {
        _ws.Write("a.txt", "a");
        _ws.CliOk("add", "a.txt");

        var result = _ws.Cli("push");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ariadne remote add", result.Error, StringComparison.Ordinal);
        var unknown = _ws.Cli("remote", "add", "x", "ftp://host/path");
        Assert.Contains("s3://", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_folder_remote_is_stored_relative_to_the_workspace()
    {
        _ws.CliOk("remote", "add", "local", "../store");

        var config = File.ReadAllText(_ws.Path(".ariadne/config.yaml"));
        Assert.Contains("url: ../store", config, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(Path.Combine(_ws.Root, "../store")), _ws.Open().ResolveRemote("local").Url);
        Assert.Equal(ContentHash.Empty, ContentHasher.HashBytes([]));
    }

    public void Dispose() => _ws.Dispose();
}
