using Ariadne.Postgres;
using Ariadne.Tests.Postgres;
using Ariadne.Tests.Support;
using Ariadne.Tests.Tracking;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>The tracking store contract through the HTTP client to a server over PostgreSQL: SDK → HTTP → server → PostgreSQL.</summary>
[Trait("Service", "PostgreSQL")]
[Collection(PostgresServerCollection.Name)]
public sealed class HttpPostgresTrackingStoreTests(PostgresServerFixture postgres) : TrackingStoreContract
{
    private readonly TempFolder _folder = new();
    private ServerUnderTest? _server;
    private string? _database;

    protected override async Task<ITrackingStore> CreateStoreAsync()
    {
        _server = await ServerUnderTest.StartAsync(PostgresStore.Open(_database = await postgres.CreateDatabaseAsync()));
        return CheckedTrackingStore.Wrap(HttpTrackingStore.Open(_server.Address.ToString(), spoolRoot: _folder.Combine("spool")));
    }

    protected override string ExpectedArtifactUri(RunInfo info) => $"mlflow-artifacts:/{info.ExperimentId}/{info.RunId}/artifacts";

    protected override Task SetStoredRunStatusAsync(string runId, string status) => postgres.SetStoredRunStatusAsync(_database!, runId, status);

    protected override Task SetStoredRunStageAsync(string runId, string stage) => postgres.SetStoredRunStageAsync(_database!, runId, stage);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            await _server.Store.DisposeAsync();
        }

        if (_database is not null)
        {
            await postgres.DropDatabaseAsync(_database);
        }

        _folder.Dispose();
    }
}
