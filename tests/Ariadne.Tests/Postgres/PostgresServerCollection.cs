namespace Ariadne.Tests.Postgres;

/// <summary>All PostgreSQL tests share one server (initdb and start take a second or two); each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}
