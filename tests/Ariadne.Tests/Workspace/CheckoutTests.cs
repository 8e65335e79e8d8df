using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class CheckoutTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public void Checkout_after_git_checkout_of_an_older_commit_restores_that_version()
    {
        _ws.Write("d/a.txt", "version 1");
        _ws.Write("d/b.txt", "stays");
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        _ws.Commit("v1");
        _ws.Write("d/a.txt", "version 2");
        _ws.Write("d/c.txt", "only in v2");
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        _ws.Commit("v2");

        _ws.Git("checkout -q HEAD~1");
        var result = new WorkspaceCheckout(_ws.Open()).Checkout();

        Assert.True(result.Complete);
        Assert.Equal("version 1", _ws.Read("d/a.txt"));
        Assert.False(File.Exists(_ws.Path("d/c.txt")));
        Assert.Equal(1, result.Removed);
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    [Fact]
    public void Checkout_refuses_to_overwrite_content_that_is_not_in_the_cache_without_force()
    {
        _ws.Write("a.txt", "tracked");
        new DataTracker(_ws.Open()).Add([_ws.Path("a.txt")]);
        _ws.Write("a.txt", "precious unsaved work");

        var error = Assert.Throws<AriadneException>(() => new WorkspaceCheckout(_ws.Open()).Checkout());
        Assert.Equal(ErrorCode.WouldOverwrite, error.Code);
        Assert.Equal("precious unsaved work", _ws.Read("a.txt"));

        var forced = new WorkspaceCheckout(_ws.Open()).Checkout(force: true);
        Assert.True(forced.Complete);
        Assert.Equal("tracked", _ws.Read("a.txt"));
    }

    [Fact]
    public void Checkout_of_content_missing_from_the_cache_reports_it_and_touches_nothing_else()
    {
        _ws.Write("a.txt", "a");
        _ws.Write("b.txt", "b");
        var workspace = _ws.Open();
        var results = new DataTracker(workspace).Add([_ws.Path("a.txt"), _ws.Path("b.txt")]);
        File.Delete(_ws.Path("a.txt"));
        File.Delete(_ws.Path("b.txt"));
        workspace.Cache.Remove(results[0].Hash);

        var result = new WorkspaceCheckout(workspace).Checkout();

        Assert.Equal(["a.txt"], result.NotInCache);
        Assert.Equal("b", _ws.Read("b.txt"));
        var cli = _ws.Cli("checkout");
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("ariadne pull", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkout_replaces_a_file_where_a_folder_is_tracked()
    {
        _ws.Write("d/a.txt", "a");
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        Directory.Delete(_ws.Path("d"), recursive: true);
        _ws.Write("d", "a stray file with the folder's name");

        Assert.Throws<AriadneException>(() => new WorkspaceCheckout(_ws.Open()).Checkout());
        Assert.True(new WorkspaceCheckout(_ws.Open()).Checkout(force: true).Complete);

        Assert.Equal("a", _ws.Read("d/a.txt"));
    }

    public void Dispose() => _ws.Dispose();
}
