using Ariadne.Postgres;
using Ariadne.Tests.Postgres;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>The MLflow API suite over PostgreSQL, each test in a fresh database.</summary>
[Trait("Service", "PostgreSQL")]
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresMlflowApiTests(PostgresServerFixture postgres) : MlflowApiContract
{
    private string? _database;

    protected override async Task<ITrackingStore> CreateStoreAsync() => PostgresStore.Open(_database = await postgres.CreateDatabaseAsync());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await postgres.DropDatabaseAsync(_database);
        }
    }
}
