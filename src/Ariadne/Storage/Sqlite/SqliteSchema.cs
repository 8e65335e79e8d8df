using System.Globalization;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The embedded store's schema (docs/tracking-store.md) as numbered migrations, applied in order inside one
/// BEGIN IMMEDIATE transaction, so processes that open a new file at the same moment serialize and exactly one
/// creates the tables. <c>schema_version</c> holds one row per applied migration.
/// </summary>
/// <remarks>
/// One deliberate difference from the row-per-point <c>metrics</c> table of the shared schema: the SQLite store keeps
/// metric history in <c>metric_chunks</c>, each row a run of points of one series (steps, timestamps and values packed
/// column-wise in a blob, see <see cref="MetricChunk"/>). A row per point caps inserts near 300,000 points/s and a
/// 1,000,000-point downsample near 300 ms in SQLite; chunks take millions of points/s and read back at memory speed.
/// Search never reads history (metric filters use <c>latest_metrics</c>), so the shared search SQL is unaffected.
/// </remarks>
internal static class SqliteSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: the tables of docs/tracking-store.md, and MLflow's experiment 0 "Default".
        """
        CREATE TABLE experiments (
            experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active',
            creation_time INTEGER NOT NULL,
            last_update_time INTEGER NOT NULL);
        CREATE TABLE experiment_tags (
            experiment_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key)) WITHOUT ROWID;
        CREATE TABLE runs (
            run_id TEXT NOT NULL PRIMARY KEY,
            experiment_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active',
            parent_run_id TEXT,
            user_id TEXT NOT NULL,
            artifact_uri TEXT NOT NULL);
        CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time);
        CREATE TABLE params (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX params_key_value ON params (key, value);
        CREATE TABLE tags (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX tags_key_value ON tags (key, value);
        CREATE TABLE latest_metrics (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            step INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            value REAL NOT NULL,
            is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
        CREATE TABLE metric_chunks (
            chunk_id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            first_step INTEGER NOT NULL,
            first_timestamp INTEGER NOT NULL,
            last_step INTEGER NOT NULL,
            last_timestamp INTEGER NOT NULL,
            point_count INTEGER NOT NULL,
            min_value REAL,
            max_value REAL,
            points BLOB NOT NULL);
        CREATE INDEX metric_chunks_series ON metric_chunks (run_id, key);
        CREATE TABLE run_inputs (
            run_id TEXT NOT NULL,
            dataset_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            pointer_path TEXT,
            dataset_name TEXT,
            dataset_version TEXT,
            PRIMARY KEY (run_id, dataset_hash, role)) WITHOUT ROWID;
        CREATE INDEX run_inputs_dataset_hash ON run_inputs (dataset_hash);
        CREATE TABLE run_artifacts (
            run_id TEXT NOT NULL,
            path TEXT NOT NULL,
            hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (run_id, path)) WITHOUT ROWID;
        CREATE TABLE dataset_versions (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            files INTEGER NOT NULL,
            pointer_path TEXT NOT NULL,
            git_commit TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (name, version)) WITHOUT ROWID;
        CREATE INDEX dataset_versions_hash ON dataset_versions (hash);
        INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
        VALUES (0, 'Default', 'ariadne-artifacts:/experiments/0', 'active', @now, @now);
        """,

        // 2: the ledger of sealed-set reads (docs/formats.md), one for the workspace and all its working copies.
        """
        CREATE TABLE holdout_reads (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            part_blake3 TEXT NOT NULL,
            part TEXT NOT NULL,
            manifest TEXT NOT NULL,
            run_id TEXT,
            model TEXT NOT NULL,
            metric TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            budget INTEGER NOT NULL,
            override_reason TEXT);
        CREATE INDEX holdout_reads_part ON holdout_reads (part_blake3, id);
        """,

        // 3: one row a health check rewrites, so a check proves a write reaches the file.
        """
        CREATE TABLE store_health (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            checked_at INTEGER NOT NULL);
        """,

        // 4: exactly-once batches: per run and writer, the highest batch sequence applied, recorded in the batch's own
        // transaction. The run tags 'ariadne.sync.<client>' that earlier servers kept for this move here.
        """
        CREATE TABLE batch_sequences (
            run_id TEXT NOT NULL,
            client_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            PRIMARY KEY (run_id, client_id)) WITHOUT ROWID;
        INSERT INTO batch_sequences (run_id, client_id, sequence)
        SELECT run_id, substr(key, 14), CAST(value AS INTEGER) FROM tags
        WHERE key LIKE 'ariadne.sync.%' AND length(key) > 13 AND value GLOB '[0-9]*' AND value NOT GLOB '*[^0-9]*';
        DELETE FROM tags WHERE key LIKE 'ariadne.sync.%';
        """,

        // 5: a sealed-set read carries the id its caller chose, so a retried record counts once.
        """
        ALTER TABLE holdout_reads ADD COLUMN read_id TEXT;
        CREATE UNIQUE INDEX holdout_reads_read_id ON holdout_reads (read_id) WHERE read_id IS NOT NULL;
        """,
        // model registry (docs/registry.md): registered models, numbered versions (files by content hash, as JSON),
        // tags and aliases. last_version keeps numbers from being reused after a delete.
        """
        CREATE TABLE registered_models (
            name TEXT NOT NULL PRIMARY KEY,
            description TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_version INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE registered_model_tags (
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, key)) WITHOUT ROWID;
        CREATE TABLE model_versions (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            description TEXT,
            source TEXT NOT NULL,
            run_id TEXT,
            status TEXT NOT NULL,
            registered_by TEXT,
            content_hash TEXT NOT NULL,
            files TEXT NOT NULL,
            input_schema TEXT,
            output_schema TEXT,
            PRIMARY KEY (name, version));
        CREATE INDEX model_versions_run ON model_versions (run_id);
        CREATE TABLE model_version_tags (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, version, key)) WITHOUT ROWID;
        CREATE TABLE model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias)) WITHOUT ROWID;
        """,
    ];

    public static int LatestVersion => Migrations.Count;

    /// <summary>
    /// Brings the file to <see cref="LatestVersion"/>. Cheap when it is there already (one read, no write lock);
    /// otherwise takes the write lock and re-checks, so concurrent openers apply each migration exactly once.
    /// </summary>
    public static void Migrate(SqliteSession session, long now, string store)
    {
        session.Execute("PRAGMA journal_mode = WAL");
        if (CurrentVersion(session) == LatestVersion)
        {
            return;
        }

        session.Begin(write: true);
        session.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var current = CurrentVersion(session);
        if (current > LatestVersion)
        {
            throw AriadneException.StoreFailure(store,
                $"its schema is version {current.ToString(CultureInfo.InvariantCulture)}, newer than this Ariadne understands ({LatestVersion.ToString(CultureInfo.InvariantCulture)}). Upgrade Ariadne");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            session.Execute(Migrations[version - 1], ("@now", now));
            session.Execute("INSERT INTO schema_version (version, applied_at) VALUES (@v, @now)", ("@v", version), ("@now", now));
        }

        session.Commit();
    }

    private static int CurrentVersion(SqliteSession session)
    {
        var exists = session.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        if (Convert.ToInt64(exists, CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        var version = session.Scalar("SELECT max(version) FROM schema_version");
        return version is null ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }
}
