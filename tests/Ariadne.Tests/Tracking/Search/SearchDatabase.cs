using Ariadne.Tracking;
using Ariadne.Tracking.Search;
using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Tracking.Search;

/// <summary>
/// An in-memory SQLite database with the tracking tables of docs/tracking-store.md, a way to add runs and their data,
/// and a way to run the search SQL that <see cref="RunSearchSql"/> writes, the way a store does.
/// </summary>
internal sealed class SearchDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE experiments (
            experiment_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL, creation_time INTEGER NOT NULL, last_update_time INTEGER NOT NULL);
        CREATE TABLE runs (
            run_id TEXT NOT NULL PRIMARY KEY, experiment_id INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
            start_time INTEGER NOT NULL, end_time INTEGER, lifecycle_stage TEXT NOT NULL, parent_run_id TEXT,
            user_id TEXT NOT NULL, artifact_uri TEXT NOT NULL);
        CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time);
        CREATE TABLE params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX params_key_value ON params (key, value);
        CREATE TABLE tags (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX tags_key_value ON tags (key, value);
        CREATE TABLE metrics (
            run_id TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL NOT NULL,
            is_nan INTEGER NOT NULL);
        CREATE INDEX metrics_series ON metrics (run_id, key, step);
        CREATE TABLE latest_metrics (
            run_id TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL NOT NULL,
            is_nan INTEGER NOT NULL, PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
        CREATE TABLE run_inputs (
            run_id TEXT NOT NULL, dataset_hash TEXT NOT NULL, role TEXT NOT NULL, pointer_path TEXT, dataset_name TEXT,
            dataset_version TEXT, PRIMARY KEY (run_id, dataset_hash, role)) WITHOUT ROWID;
        CREATE INDEX run_inputs_dataset_hash ON run_inputs (dataset_hash);
        """;

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SearchDatabase()
    {
        _connection.Open();
        Execute(Schema);
    }

    /// <summary>The shapes one search can be written in; all must find the same runs in the same order.</summary>
    public enum Shape
    {
        /// <summary>As stores get it: on this small database SQLite drives from a selective filter when it has one.</summary>
        Planned,

        /// <summary>Planned, but never driving from the filter: walks the order key's index, or scans runs.</summary>
        Walked,

        /// <summary>One plain SELECT with LEFT JOINs: the reference.</summary>
        Plain,
    }

    public void Run(
        string runId,
        long start,
        string name = "run",
        string status = "FINISHED",
        long? end = null,
        long experimentId = 1,
        string stage = "active",
        string? parent = null,
        string user = "alice") =>
        Execute(
            "INSERT INTO runs VALUES (@id, @experiment, @name, @status, @start, @end, @stage, @parent, @user, @uri)",
            ("@id", runId), ("@experiment", experimentId), ("@name", name), ("@status", status), ("@start", start),
            ("@end", end), ("@stage", stage), ("@parent", parent), ("@user", user), ("@uri", $"file:///artifacts/{runId}"));

    public void Param(string runId, string key, string value) =>
        Execute("INSERT INTO params VALUES (@run, @key, @value)", ("@run", runId), ("@key", key), ("@value", value));

    public void Tag(string runId, string key, string value) =>
        Execute("INSERT INTO tags VALUES (@run, @key, @value)", ("@run", runId), ("@key", key), ("@value", value));

    /// <summary>A latest metric value; NaN is stored as value 0 with is_nan 1, as the SQLite store does.</summary>
    public void Metric(string runId, string key, double value) =>
        Execute(
            "INSERT INTO latest_metrics VALUES (@run, @key, 0, 0, @value, @nan)",
            ("@run", runId), ("@key", key), ("@value", double.IsNaN(value) ? 0.0 : value), ("@nan", double.IsNaN(value) ? 1 : 0));

    public void Input(string runId, string hash, string role, string? name = null) =>
        Execute(
            "INSERT INTO run_inputs VALUES (@run, @hash, @role, NULL, @name, NULL)",
            ("@run", runId), ("@hash", hash), ("@role", role), ("@name", name));

    /// <summary>The ids the query returns (up to MaxResults + 1), in order.</summary>
    public List<string> Ids(RunSearch search, Shape shape = Shape.Planned)
    {
        var query = shape switch
        {
            Shape.Planned => RunSearchSql.Build(search, SqlDialect.Sqlite),
            Shape.Walked => RunSearchSql.Build(search, SqlDialect.Sqlite, planned: true, driveThreshold: 0),
            _ => RunSearchSql.Build(search, SqlDialect.Sqlite, planned: false),
        };
        return Ids(query);
    }

    public List<string> Ids(SqlQuery query)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = query.Text;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The ids of every shape, asserted equal; the planned shape's ids are returned.</summary>
    public List<string> Find(RunSearch search)
    {
        var planned = Ids(search, Shape.Planned);
        Assert.Equal(planned, Ids(search, Shape.Walked));
        Assert.Equal(planned, Ids(search, Shape.Plain));
        return planned;
    }

    /// <summary>One page as a store returns it: at most MaxResults ids and the next page's token.</summary>
    public (List<string> Ids, string? NextPageToken) Page(RunSearch search)
    {
        var ids = Find(search);
        var next = RunSearchSql.NextPageToken(search, ids.Count);
        return (ids.Take(search.MaxResults).ToList(), next);
    }

    public long Count(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
