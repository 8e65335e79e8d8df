using Npgsql;

namespace Ariadne.Postgres;

/// <summary>
/// The tracking schema of docs/tracking-store.md in PostgreSQL types, as numbered migrations. Each store applies the
/// missing ones in one transaction under a transaction-scoped advisory lock, so several processes opening a new
/// database at once apply every migration exactly once.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Advisory lock key for migrations ("ariadne" in ASCII); the lock is scoped to the current database.</summary>
    private const long MigrationLock = 0x61_72_69_61_64_6E_65;

    private static readonly string[] Migrations =
    [
        // 1: the tracking schema and the Default experiment (id 0), as in the SQLite store.
        """
        CREATE TABLE experiments (
            experiment_id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
            creation_time BIGINT NOT NULL,
            last_update_time BIGINT NOT NULL
        );
        CREATE TABLE experiment_tags (
            experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key)
        );
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
            start_time BIGINT NOT NULL,
            end_time BIGINT NULL,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
            parent_run_id TEXT NULL,
            user_id TEXT NOT NULL,
            artifact_uri TEXT NOT NULL
        );
        CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time);
        CREATE TABLE params (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        -- (key, value) indexes carry run_id (and is_nan) so a search's filters and order keys are answered by
        -- index-only scans and hash joins, without visiting the tables. B-tree entries are limited to about 2,700
        -- bytes after compression: a longer, incompressible value is refused with a clear error.
        CREATE INDEX params_key_value ON params (key, value) INCLUDE (run_id);
        CREATE TABLE tags (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE INDEX tags_key_value ON tags (key, value) INCLUDE (run_id);
        -- The full history. No foreign key: LogBatch checks the run under a lock, and per-row checks would halve the
        -- insert rate of large batches.
        CREATE TABLE metrics (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            step BIGINT NOT NULL,
            "timestamp" BIGINT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            is_nan BOOLEAN NOT NULL
        );
        CREATE INDEX metrics_run_key_step ON metrics (run_id, key, step);
        CREATE TABLE latest_metrics (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            key TEXT NOT NULL,
            step BIGINT NOT NULL,
            "timestamp" BIGINT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            is_nan BOOLEAN NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value) INCLUDE (run_id, is_nan);
        -- Keep the visibility map (index-only scans) and statistics fresh on the tables searches read.
        ALTER TABLE latest_metrics SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
        ALTER TABLE params SET (autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
        ALTER TABLE tags SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
        ALTER TABLE runs SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
        CREATE TABLE run_inputs (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            dataset_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            pointer_path TEXT NULL,
            dataset_name TEXT NULL,
            dataset_version TEXT NULL,
            PRIMARY KEY (run_id, dataset_hash, role)
        );
        CREATE INDEX run_inputs_dataset_hash ON run_inputs (dataset_hash);
        CREATE TABLE run_artifacts (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            path TEXT NOT NULL,
            hash TEXT NOT NULL,
            size BIGINT NOT NULL,
            PRIMARY KEY (run_id, path)
        );
        CREATE TABLE dataset_versions (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            hash TEXT NOT NULL,
            size BIGINT NOT NULL,
            files BIGINT NOT NULL,
            pointer_path TEXT NOT NULL,
            git_commit TEXT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE INDEX dataset_versions_hash ON dataset_versions (hash);
        INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
        VALUES (0, 'Default', @default_artifacts, 'active', @now, @now);
        """,
        // 2: per-block summaries of every metric series (first, last, lowest and highest point) at levels of 2^6 to 2^63
        // steps, kept up to date by every write, so downsampled histories never read every point. Existing points are
        // summarised once here, in time proportional to their number.
        """
        CREATE TABLE metric_rollups (
            run_id TEXT NOT NULL,
            key TEXT NOT NULL,
            level SMALLINT NOT NULL,
            block BIGINT NOT NULL,
            n BIGINT NOT NULL,
            first_step BIGINT NOT NULL,
            first_ts BIGINT NOT NULL,
            first_value DOUBLE PRECISION NOT NULL,
            last_step BIGINT NOT NULL,
            last_ts BIGINT NOT NULL,
            last_value DOUBLE PRECISION NOT NULL,
            min_step BIGINT NULL,
            min_ts BIGINT NULL,
            min_value DOUBLE PRECISION NULL,
            max_step BIGINT NULL,
            max_ts BIGINT NULL,
            max_value DOUBLE PRECISION NULL,
            PRIMARY KEY (run_id, key, level, block)
        );
        INSERT INTO metric_rollups (run_id, key, level, block, n, first_step, first_ts, first_value, last_step, last_ts, last_value,
                                    min_step, min_ts, min_value, max_step, max_ts, max_value)
        SELECT run_id, key, level, block, count(*),
               (array_agg(step ORDER BY step, "timestamp", value))[1], (array_agg("timestamp" ORDER BY step, "timestamp", value))[1], (array_agg(value ORDER BY step, "timestamp", value))[1],
               (array_agg(step ORDER BY step DESC, "timestamp" DESC, value DESC))[1], (array_agg("timestamp" ORDER BY step DESC, "timestamp" DESC, value DESC))[1], (array_agg(value ORDER BY step DESC, "timestamp" DESC, value DESC))[1],
               (array_agg(step ORDER BY value, step, "timestamp") FILTER (WHERE NOT is_nan))[1], (array_agg("timestamp" ORDER BY value, step, "timestamp") FILTER (WHERE NOT is_nan))[1], (array_agg(value ORDER BY value, step, "timestamp") FILTER (WHERE NOT is_nan))[1],
               (array_agg(step ORDER BY value DESC, step, "timestamp") FILTER (WHERE NOT is_nan))[1], (array_agg("timestamp" ORDER BY value DESC, step, "timestamp") FILTER (WHERE NOT is_nan))[1], (array_agg(value ORDER BY value DESC, step, "timestamp") FILTER (WHERE NOT is_nan))[1]
        FROM (SELECT m.*, l.level, m.step >> l.level AS block FROM metrics m CROSS JOIN unnest(ARRAY[6,9,12,15,18,21,24,27,30,33,36,39,42,45,48,51,54,57,60,63]) AS l(level)) p
        GROUP BY run_id, key, level, block;
        """,
        // 3: the ledger of sealed-set reads (docs/formats.md): one budget per sealed part for everyone on this store.
        """
        CREATE TABLE holdout_reads (
            id BIGSERIAL PRIMARY KEY,
            part_blake3 TEXT NOT NULL,
            part TEXT NOT NULL,
            manifest TEXT NOT NULL,
            run_id TEXT NULL,
            model TEXT NOT NULL,
            metric TEXT NOT NULL,
            time_ms BIGINT NOT NULL,
            budget INTEGER NOT NULL,
            override_reason TEXT NULL
        );
        CREATE INDEX holdout_reads_part ON holdout_reads (part_blake3, id);
        """,
        // 4: one row a health check rewrites, so a check proves the database takes a write.
        """
        CREATE TABLE store_health (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            checked_at BIGINT NOT NULL
        );
        """,
        // 5: exactly-once batches: per run and writer, the highest batch sequence applied, claimed by an upsert in the
        // batch's own transaction (the primary key makes a second server wait for the first's commit). The run tags
        // 'ariadne.sync.<client>' that earlier servers kept for this move here.
        """
        CREATE TABLE batch_sequences (
            run_id TEXT NOT NULL,
            client_id TEXT NOT NULL,
            sequence BIGINT NOT NULL,
            PRIMARY KEY (run_id, client_id)
        );
        INSERT INTO batch_sequences (run_id, client_id, sequence)
        SELECT run_id, substr(key, 14), value::bigint FROM tags
        WHERE key LIKE 'ariadne.sync.%' AND length(key) > 13 AND value ~ '^[0-9]{1,18}$';
        DELETE FROM tags WHERE key LIKE 'ariadne.sync.%';
        """,
        // 6: a sealed-set read carries the id its caller chose, so a retried record counts once.
        """
        ALTER TABLE holdout_reads ADD COLUMN read_id UUID NULL;
        CREATE UNIQUE INDEX holdout_reads_read_id ON holdout_reads (read_id);
        """,
        // model registry (docs/registry.md): registered models, numbered versions (files by content hash, as JSON),
        // tags and aliases. last_version keeps numbers from being reused after a delete.
        """
        CREATE TABLE registered_models (
            name TEXT PRIMARY KEY,
            description TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_version BIGINT NOT NULL DEFAULT 0);
        CREATE TABLE registered_model_tags (
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, key));
        CREATE TABLE model_versions (
            name TEXT NOT NULL,
            version BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
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
            version BIGINT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, version, key));
        CREATE TABLE model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (name, alias));
        """,
        // lineage looks runs up by the hash of what they wrote (inputs have had their hash index since 1).
        """
        CREATE INDEX run_artifacts_hash ON run_artifacts (hash);
        """,
        // model versions are listed in byte order of the name (COLLATE "C", as SQLite sorts), newest version first: an
        // index in that order, so the first page of a search reads a page of the index instead of sorting every version.
        """
        CREATE INDEX model_versions_name_c ON model_versions (name COLLATE "C", version DESC);
        """,
    ];

    /// <summary>The SQL of one migration (1-based), for tests that replay it.</summary>
    internal static string Migration(int version) => Migrations[version - 1];

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; a database from a newer Ariadne is an error.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string display, string defaultArtifactLocation, long now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@key); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);",
            connection,
            transaction))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var versionCommand = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection, transaction))
        {
            current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw AriadneException.StoreFailure(display,
                $"the database has schema version {current}, newer than this Ariadne knows ({LatestVersion}); upgrade Ariadne to use it");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            await using var migration = new NpgsqlCommand(Migrations[version - 1], connection, transaction);
            if (Migrations[version - 1].Contains("@default_artifacts", StringComparison.Ordinal))
            {
                migration.Parameters.AddWithValue("default_artifacts", defaultArtifactLocation);
            }

            if (Migrations[version - 1].Contains("@now", StringComparison.Ordinal))
            {
                migration.Parameters.AddWithValue("now", now);
            }

            await migration.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            record.Parameters.AddWithValue("now", now);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
