using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>A test class with its own tracking server on 127.0.0.1 over a fresh SQLite store in a temporary folder.</summary>
public abstract class SqliteServerTest : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new();

    protected ServerUnderTest Api { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Api = await ServerUnderTest.StartAsync(TrackingStoreRegistry.Open("sqlite:///" + Folder.Combine("tracking.db").TrimStart('/')));

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Api.Store.DisposeAsync();
        Folder.Dispose();
    }
}
