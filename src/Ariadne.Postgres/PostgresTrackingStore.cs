using Ariadne.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

/// <summary>
/// The team tracking store on PostgreSQL, on the shared schema of docs/tracking-store.md. One pooled data source per
/// store; the schema is created or upgraded on first use (see <see cref="PostgresSchema"/>). Every operation runs in
/// one statement or one transaction, so a failure writes nothing; deadlocks between concurrent writers are retried.
/// </summary>
internal sealed partial class PostgresTrackingStore : ITrackingStore
{
    /// <summary>Where runs keep their artifacts, as the SQLite store spells it: <c>ariadne-artifacts:/&lt;run id&gt;</c>.</summary>
    internal const string ArtifactScheme = "ariadne-artifacts:/";

    private const int MaxAttempts = 6;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresConnectionUri _uri;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresTrackingStore(PostgresConnectionUri uri, TimeProvider? time = null)
    {
        _uri = uri;
        _time = time ?? TimeProvider.System;
        var builder = new NpgsqlSlimDataSourceBuilder(uri.ConnectionString);
        builder.EnableArrays();
        builder.EnableTransportSecurity();
        _dataSource = builder.Build();
    }

    /// <summary>The URI without its password, as messages show it.</summary>
    public string Display => _uri.Display;

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
    }

    // ---------------------------------------------------------------- experiments

    public async Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        name = TrackingLimits.ExperimentName(name);
        var tagList = ExperimentTags(tags);
        return await InTransactionAsync(async (connection, transaction, ct) =>
        {
            long id;
            var now = Now();
            await using (var insert = new NpgsqlCommand(
                """
                INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                SELECT s.id, @name, @prefix || s.id, 'active', @now, @now
                FROM (SELECT nextval(pg_get_serial_sequence('experiments', 'experiment_id')) AS id) s
                RETURNING experiment_id
                """,
                connection,
                transaction))
            {
                insert.Parameters.Add(new NpgsqlParameter<string>("name", name));
                insert.Parameters.Add(new NpgsqlParameter<string>("prefix", ArtifactScheme + "experiments/"));
                insert.Parameters.Add(new NpgsqlParameter<long>("now", now));
                try
                {
                    id = (long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw AriadneException.ExperimentExists(name);
                }
            }

            if (tagList.Keys.Length > 0)
            {
                await using var insertTags = new NpgsqlCommand(
                    "INSERT INTO experiment_tags (experiment_id, key, value) SELECT @id, k, v FROM unnest(@keys, @values) AS u(k, v)",
                    connection,
                    transaction);
                insertTags.Parameters.Add(new NpgsqlParameter<long>("id", id));
                insertTags.Parameters.Add(new NpgsqlParameter<string[]>("keys", tagList.Keys));
                insertTags.Parameters.Add(new NpgsqlParameter<string[]>("values", tagList.Values));
                await insertTags.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return StoredValues.ExperimentId(id);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        StoredValues.TryParseExperimentId(experimentId, out var id)
            ? (await ReadExperimentsAsync("e.experiment_id = @id", new NpgsqlParameter<long>("id", id), cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            : null;

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        (await ReadExperimentsAsync("e.name = @name", new NpgsqlParameter<string>("name", TrackingLimits.ExperimentName(name ?? "")), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken) =>
        ReadExperimentsAsync(StoredNames.StageCondition("e.lifecycle_stage", viewType), null, cancellationToken);

    public async Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken)
    {
        if (newName is not null)
        {
            newName = TrackingLimits.ExperimentName(newName);
        }

        if (!StoredValues.TryParseExperimentId(experimentId, out var id))
        {
            throw AriadneException.ExperimentNotFound(experimentId);
        }

        await ExecuteAsync(async (connection, ct) =>
        {
            await using var update = new NpgsqlCommand(
                """
                UPDATE experiments SET name = coalesce(@name, name), lifecycle_stage = coalesce(@stage, lifecycle_stage), last_update_time = @now
                WHERE experiment_id = @id
                """,
                connection);
            update.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)newName ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Text) { Value = stage is { } s ? StoredNames.Stage(s) : DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter<long>("now", Now()));
            update.Parameters.Add(new NpgsqlParameter<long>("id", id));
            int changed;
            try
            {
                changed = await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw AriadneException.ExperimentExists(newName!);
            }

            return changed == 0 ? throw AriadneException.ExperimentNotFound(experimentId) : true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        if (!StoredValues.TryParseExperimentId(experimentId, out var id))
        {
            throw AriadneException.ExperimentNotFound(experimentId);
        }

        await ExecuteAsync(async (connection, ct) =>
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
                ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
                """,
                connection);
            upsert.Parameters.Add(new NpgsqlParameter<long>("id", id));
            upsert.Parameters.Add(new NpgsqlParameter<string>("key", key));
            upsert.Parameters.Add(new NpgsqlParameter<string>("value", value));
            try
            {
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                throw AriadneException.ExperimentNotFound(experimentId);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<Experiment>> ReadExperimentsAsync(string where, NpgsqlParameter? parameter, CancellationToken cancellationToken) =>
        ExecuteAsync<IReadOnlyList<Experiment>>(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(
                        $"SELECT e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time FROM experiments e WHERE {where} ORDER BY e.experiment_id"),
                    new NpgsqlBatchCommand(
                        $"SELECT t.experiment_id, t.key, t.value FROM experiment_tags t JOIN experiments e ON e.experiment_id = t.experiment_id WHERE {where} ORDER BY t.key COLLATE \"C\""),
                },
            };
            if (parameter is not null)
            {
                batch.BatchCommands[0].Parameters.Add(parameter.Clone());
                batch.BatchCommands[1].Parameters.Add(parameter.Clone());
            }

            var rows = new List<(long Id, string Name, string Location, string Stage, long Created, long Updated)>();
            var tags = new Dictionary<long, Dictionary<string, string>>();
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            }

            await reader.NextResultAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                if (!tags.TryGetValue(id, out var map))
                {
                    map = new Dictionary<string, string>(StringComparer.Ordinal);
                    tags[id] = map;
                }

                map[reader.GetString(1)] = reader.GetString(2);
            }

            return [.. rows.Select(r => new Experiment(
                StoredValues.ExperimentId(r.Id),
                r.Name,
                r.Location,
                StoredNames.ParseStage(r.Stage),
                r.Created,
                r.Updated,
                tags.TryGetValue(r.Id, out var t) ? t : new Dictionary<string, string>(StringComparer.Ordinal)))];
        }, cancellationToken);

    private static (string[] Keys, string[] Values) ExperimentTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return ([], []);
        }

        var sorted = tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        return ([.. sorted.Select(t => t.Key)], [.. sorted.Select(t => t.Value)]);
    }

    // ---------------------------------------------------------------- plumbing

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection after making sure the schema is current, and turns database
    /// failures into <see cref="AriadneException"/>s (Ariadne's own exceptions pass through).
    /// </summary>
    private async Task<T> ExecuteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    return await work(connection, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (attempt < MaxAttempts && PostgresErrors.IsTransient(e))
                {
                    await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not AriadneException && e is not OperationCanceledException && PostgresErrors.IsDatabaseError(e))
        {
            throw PostgresErrors.ToAriadne(e, _uri);
        }
    }

    /// <summary>Like <see cref="ExecuteAsync"/>, in one transaction that commits when <paramref name="work"/> returns; retried whole on deadlock.</summary>
    private Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        ExecuteAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(connection, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await PostgresSchema.MigrateAsync(_dataSource, _uri.Display, ArtifactScheme + "experiments/0", Now(), cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception e) when (attempt < MaxAttempts && PostgresErrors.IsTransient(e))
                    {
                        await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken).ConfigureAwait(false);
                    }
                }

                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
