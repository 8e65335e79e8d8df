using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>The MLflow API suite over the embedded SQLite store.</summary>
public sealed class SqliteMlflowApiTests : MlflowApiContract
{
    private readonly TempFolder _folder = new();

    protected override Task<ITrackingStore> CreateStoreAsync() =>
        Task.FromResult(TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/')));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
