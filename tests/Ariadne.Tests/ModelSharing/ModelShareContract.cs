using Ariadne.Content;
using Ariadne.ModelCards;
using Ariadne.ModelSharing;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.ModelSharing;

/// <summary>
/// A model version pushed from one workspace and pulled into a git clone of it, through a remote: the same files by
/// hash, the card, the record and the alias arrive, every byte is checked, and a corrupt object registers nothing.
/// Subclasses give the remote (a folder, S3).
/// </summary>
public abstract class ModelShareContract : IDisposable
{
    private protected TestWorkspace Ws { get; } = new();

    private readonly TempFolder _clones = new();

    public void Dispose()
    {
        Ws.Dispose();
        _clones.Dispose();
    }

    /// <summary>Adds the default remote to <see cref="Ws"/> (committed config) and any local settings a clone needs.</summary>
    protected abstract void AddRemote();

    /// <summary>Copies what a clone needs beside the committed config (e.g. credentials) into <paramref name="cloneRoot"/>.</summary>
    protected virtual void PrepareClone(string cloneRoot)
    {
    }

    /// <summary>Replaces the remote's copy of an object with other bytes, or puts the right ones back (through the store's own put, which does not check).</summary>
    private async Task OverwriteRemoteObjectAsync(string hash, byte[] content)
    {
        var store = global::Ariadne.Remotes.ObjectStoreRegistry.Open(Ws.Open().ResolveRemote(null));
        var file = _clones.Combine("object-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, content);
        await store.PutAsync(ContentHash.Parse(hash), file, default);
    }

    private async Task<ModelVersion> RegisterAsync()
    {
        Ws.Write("model/weights.bin", string.Concat(Enumerable.Repeat("0123456789abcdef", 4096)));
        Ws.Write("model/config.json", "{\"classes\": 3}\n");
        await using var tracking = TrackingClient.Open(folder: Ws.Root);
        var workspace = Ws.Open();
        await tracking.Store.CreateRegisteredModelAsync("penguins", "Penguin species from bill and flipper sizes.", new Dictionary<string, string> { ["license"] = "mit" }, default);
        return await ModelRegistration.FromPathAsync(tracking.Store, workspace.Cache, Ws.Path("model"), "model", "penguins", "champion", "first fit", "alice", default);
    }

    private string Clone()
    {
        var root = _clones.Combine("clone-" + Guid.NewGuid().ToString("N")[..6]);
        Ws.Git($"clone -q {Ws.Root} {root}");
        PrepareClone(root);
        return root;
    }

    [Fact]
    public async Task Push_then_pull_into_a_clone_registers_the_same_version_with_its_files_card_and_alias()
    {
        AddRemote();
        var original = await RegisterAsync();
        ModelShare.Outcome pushed;
        await using (var tracking = TrackingClient.Open(folder: Ws.Root))
        {
            pushed = await new ModelShare(Ws.Open(), tracking.Store).PushAsync("penguins@champion", null, default);
        }

        Assert.Equal("models/penguins@champion.json", pushed.PointerPath);
        Assert.Equal(4, pushed.Objects); // two files, the card, the package
        Assert.Equal(4, pushed.Moved);
        Ws.Commit("push the champion");

        var clone = Clone();
        ModelShare.Outcome pulled;
        await using (var tracking = TrackingClient.Open(folder: clone))
        {
            var workspace = global::Ariadne.Workspace.DataWorkspace.Open(clone);
            pulled = await new ModelShare(workspace, tracking.Store).PullAsync("penguins@champion", null, default);
            var version = pulled.Version;
            Assert.Equal(["champion"], version.Aliases);
            Assert.Equal(original.ContentHash, version.ContentHash);
            Assert.Equal(original.Files, version.Files);
            Assert.Equal("first fit", version.Description);
            Assert.Equal("alice", version.RegisteredBy);
            Assert.All(version.Files, f => Assert.True(workspace.Cache.Verify(ContentHash.Parse(f.Hash), out _), f.Path));
            var model = await tracking.Store.GetRegisteredModelAsync("penguins", default);
            Assert.Equal("Penguin species from bill and flipper sizes.", model.Description);
            Assert.Equal("mit", model.Tags["license"]);
            var card = await ModelCardStore.ReadAsync(version, ModelCardObjects.FromCache(workspace.Cache), default);
            Assert.NotNull(card);
            Assert.Contains("# penguins (version 1)", card.Value.Text);
            Assert.Contains("license: \"mit\"", card.Value.Text);
            Assert.Contains("| `weights.bin` | 65536 |", card.Value.Text);

            // Pulled again: nothing to fetch, the same version.
            var again = await new ModelShare(workspace, tracking.Store).PullAsync("penguins@champion", null, default);
            Assert.Equal(0, again.Moved);
            Assert.Equal(version.Version, again.Version.Version);
            Assert.Single((await tracking.Store.SearchModelVersionsAsync(new ModelSearch("name = 'penguins'"), default)).Versions);
        }

        Assert.Equal(4, pulled.Moved);
    }

    [Fact]
    public async Task A_corrupt_object_on_the_remote_fails_the_pull_and_registers_nothing()
    {
        AddRemote();
        var original = await RegisterAsync();
        await using (var tracking = TrackingClient.Open(folder: Ws.Root))
        {
            await new ModelShare(Ws.Open(), tracking.Store).PushAsync("penguins/1", null, default);
        }

        Ws.Commit("push version 1");
        var weights = original.Files.Single(f => f.Path == "weights.bin");
        var good = await File.ReadAllBytesAsync(Ws.Open().Cache.PathOf(ContentHash.Parse(weights.Hash)));
        var bad = (byte[])good.Clone();
        bad[100] ^= 0xff;
        await OverwriteRemoteObjectAsync(weights.Hash, bad);

        var clone = Clone();
        await using var cloneTracking = TrackingClient.Open(folder: clone);
        var workspace = global::Ariadne.Workspace.DataWorkspace.Open(clone);
        var error = await Assert.ThrowsAsync<AriadneException>(() => new ModelShare(workspace, cloneTracking.Store).PullAsync("penguins/1", null, default));

        Assert.Equal(ErrorCode.ObjectCorrupt, error.Code);
        Assert.Contains(weights.Hash, error.Message, StringComparison.Ordinal);
        Assert.False(workspace.Cache.Contains(ContentHash.Parse(weights.Hash)));
        Assert.Empty((await cloneTracking.Store.SearchRegisteredModelsAsync(new ModelSearch(), default)).Models);

        await OverwriteRemoteObjectAsync(weights.Hash, good);
        var pulled = await new ModelShare(workspace, cloneTracking.Store).PullAsync("penguins/1", null, default);
        Assert.Equal(original.ContentHash, pulled.Version.ContentHash);
    }

    [Fact]
    public async Task Pull_without_a_pushed_pointer_says_how_to_get_one()
    {
        AddRemote();
        await using var tracking = TrackingClient.Open(folder: Ws.Root);

        var error = await Assert.ThrowsAsync<AriadneException>(() => new ModelShare(Ws.Open(), tracking.Store).PullAsync("penguins@champion", null, default));

        Assert.Contains("models/penguins@champion.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne models push", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Model sharing through a folder remote.</summary>
public sealed class FolderModelShareTests : ModelShareContract
{
    protected override void AddRemote()
    {
        Ws.CliOk("remote", "add", "storage", Ws.Outside("remote"), "--default");
        Ws.Commit("remote");
    }
}
