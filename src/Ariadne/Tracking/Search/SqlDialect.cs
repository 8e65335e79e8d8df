namespace Ariadne.Tracking.Search;

/// <summary>Which database <see cref="RunSearchSql"/> writes SQL for.</summary>
internal enum SqlDialect
{
    Sqlite,
    Postgres,
}
