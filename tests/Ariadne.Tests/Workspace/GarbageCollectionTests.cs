using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class GarbageCollectionTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public void Gc_removes_only_unreferenced_objects_and_dry_run_removes_nothing()
    {
        _ws.Write("d/a.txt", "v1");
        var tracker = new DataTracker(_ws.Open());
        var old = tracker.Add([_ws.Path("d")]).Single();
        _ws.Write("d/a.txt", "v2");
        var current = tracker.Add([_ws.Path("d")]).Single();
        var workspace = _ws.Open();

        var dry = new GarbageCollection(workspace).Collect(allCommits: false, dryRun: true);
        Assert.Equal(2, dry.Removed.Count); // the old manifest and the old file
        Assert.True(workspace.Cache.Contains(old.Hash));

        var real = new GarbageCollection(workspace).Collect(allCommits: false, dryRun: false);
        Assert.Contains(old.Hash, real.Removed);
        Assert.False(workspace.Cache.Contains(old.Hash));
        Assert.True(workspace.Cache.Contains(current.Hash));
        Assert.True(new WorkspaceStatus(workspace).Check().Single().IsClean);
    }

    [Fact]
    public void Gc_all_commits_keeps_objects_of_every_commit()
    {
        _ws.Write("d/a.txt", "v1");
        var old = new DataTracker(_ws.Open()).Add([_ws.Path("d")]).Single();
        _ws.Commit("v1");
        _ws.Write("d/a.txt", "v2");
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        _ws.Commit("v2");

        var result = new GarbageCollection(_ws.Open()).Collect(allCommits: true, dryRun: false);

        Assert.Empty(result.Removed);
        Assert.True(_ws.Open().Cache.Contains(old.Hash));
        _ws.Git("checkout -q HEAD~1");
        Assert.True(new WorkspaceCheckout(_ws.Open()).Checkout().Complete);
        Assert.Equal("v1", _ws.Read("d/a.txt"));
    }

    public void Dispose() => _ws.Dispose();
}
