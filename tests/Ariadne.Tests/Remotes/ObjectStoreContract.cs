using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Remotes;

/// <summary>
/// What every remote must do, whatever it is (like DVC's remote_tests.py). Each backend subclasses this and says how
/// to open a fresh, empty store; the same tests then run against it.
/// </summary>
public abstract class ObjectStoreContract : IDisposable
{
    protected TempFolder Temp { get; } = new();

    /// <summary>A new, empty store. Called once per test.</summary>
    protected abstract IObjectStore CreateStore();

    /// <summary>A file of seeded random bytes and its hash.</summary>
    protected (ContentHash Hash, string Path, byte[] Bytes) MakeObject(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var path = Temp.WriteBytes($"src/{seed}-{size}.bin", bytes);
        return (ContentHasher.HashBytes(bytes), path, bytes);
    }

    protected static async Task<byte[]> ReadAllAsync(IObjectStore store, ContentHash hash)
    {
        await using var stream = await store.OpenReadAsync(hash, CancellationToken.None);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    [Fact]
    public async Task Put_object_can_be_read_back_byte_for_byte()
    {
        var store = CreateStore();
        var (hash, path, bytes) = MakeObject(100_000, 1);

        await store.PutAsync(hash, path, CancellationToken.None);

        Assert.True(await store.ExistsAsync(hash, CancellationToken.None));
        Assert.Equal(bytes, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task Missing_object_does_not_exist_and_reading_it_fails_with_object_not_found()
    {
        var store = CreateStore();
        var (hash, _, _) = MakeObject(10, 2);

        Assert.False(await store.ExistsAsync(hash, CancellationToken.None));
        var error = await Assert.ThrowsAsync<AriadneException>(() => store.OpenReadAsync(hash, CancellationToken.None));
        Assert.Equal(ErrorCode.ObjectNotFound, error.Code);
        Assert.Contains(hash.Hex, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Putting_the_same_object_twice_is_harmless()
    {
        var store = CreateStore();
        var (hash, path, bytes) = MakeObject(5_000, 3);

        await store.PutAsync(hash, path, CancellationToken.None);
        await store.PutAsync(hash, path, CancellationToken.None);

        Assert.Equal(bytes, await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        var store = CreateStore();
        var (hash, path, _) = MakeObject(0, 4);

        await store.PutAsync(hash, path, CancellationToken.None);

        Assert.True(await store.ExistsAsync(hash, CancellationToken.None));
        Assert.Empty(await ReadAllAsync(store, hash));
    }

    [Fact]
    public async Task Large_object_round_trips_intact()
    {
        var store = CreateStore();
        var (hash, path, bytes) = MakeObject(24 << 20, 5);

        await store.PutAsync(hash, path, CancellationToken.None);

        var back = await ReadAllAsync(store, hash);
        Assert.Equal(bytes.Length, back.Length);
        Assert.Equal(hash, ContentHasher.HashBytes(back));
    }

    [Fact]
    public async Task Parallel_puts_of_many_objects_all_arrive()
    {
        var store = CreateStore();
        var objects = Enumerable.Range(100, 40).Select(i => MakeObject(1_000 + i, i)).ToList();

        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (o, ct) => await store.PutAsync(o.Hash, o.Path, ct));

        foreach (var o in objects)
        {
            Assert.Equal(o.Bytes, await ReadAllAsync(store, o.Hash));
        }
    }

    [Fact]
    public async Task Listing_returns_exactly_the_objects_put()
    {
        var store = CreateStore();
        if (store is not IObjectListing listing)
        {
            Assert.Fail($"{store.GetType().Name} should list its objects: every built-in remote implements IObjectListing.");
            return;
        }

        var objects = Enumerable.Range(200, 5).Select(i => MakeObject(100, i)).ToList();
        foreach (var o in objects)
        {
            await store.PutAsync(o.Hash, o.Path, CancellationToken.None);
        }

        var listed = new List<ContentHash>();
        await foreach (var stored in listing.ListAsync(CancellationToken.None))
        {
            listed.Add(stored.Hash);
            Assert.Equal(100, stored.Size);
        }

        Assert.Equal(objects.Select(o => o.Hash).Order(), listed.Order());
    }

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
