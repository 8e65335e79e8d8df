namespace Ariadne.Tracking.Search;

/// <summary>Which database <see cref="RunSearchSql"/> writes SQL for.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}
