using Ariadne.Tests.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tests.Tracking;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>The tracking store contract through the HTTP client: SDK → HTTP → server → SQLite, same behaviour as SQLite alone.</summary>
public sealed class HttpTrackingStoreTests : TrackingStoreContract
{
    private readonly TempFolder _folder = new();
    private ServerUnderTest? _server;

    protected override async Task<ITrackingStore> CreateStoreAsync()
    {
        _server = await ServerUnderTest.StartAsync(TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/')));
        return CheckedTrackingStore.Wrap(HttpTrackingStore.Open(_server.Address.ToString(), spoolRoot: _folder.Combine("spool")));
    }

    /// <summary>Through a server, artifacts live behind MLflow's artifact proxy.</summary>
    protected override string ExpectedArtifactUri(RunInfo info) => $"mlflow-artifacts:/{info.ExperimentId}/{info.RunId}/artifacts";

    protected override Task SetStoredRunStatusAsync(string runId, string status) => SqliteStoredValues.SetRunStatusAsync(_folder.Combine("tracking.db"), runId, status);

    protected override Task SetStoredRunStageAsync(string runId, string stage) => SqliteStoredValues.SetRunStageAsync(_folder.Combine("tracking.db"), runId, stage);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            await _server.Store.DisposeAsync();
        }

        _folder.Dispose();
    }
}
