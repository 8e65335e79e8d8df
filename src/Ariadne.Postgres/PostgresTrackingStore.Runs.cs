using Ariadne.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    public async Task<RunInfo> CreateRunAsync(NewRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(run.ExperimentId);
        var runId = run.RunId ?? Guid.NewGuid().ToString("N");

        var tags = DistinctTags(run.Tags ?? []);
        if (!StoredValues.TryParseExperimentId(run.ExperimentId, out var experimentId))
        {
            throw AriadneException.ExperimentNotFound(run.ExperimentId);
        }

        return await InTransactionAsync(async (connection, transaction, ct) =>
        {
            await using (var check = new NpgsqlBatch(connection, transaction))
            {
                var experiment = new NpgsqlBatchCommand("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id");
                experiment.Parameters.Add(new NpgsqlParameter<long>("id", experimentId));
                check.BatchCommands.Add(experiment);
                var parent = new NpgsqlBatchCommand("SELECT count(*) FROM runs WHERE run_id = @parent");
                parent.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Text) { Value = (object?)run.ParentRunId ?? DBNull.Value });
                check.BatchCommands.Add(parent);
                await using var reader = await check.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var stage = await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetString(0) : null;
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var parentExists = reader.GetInt64(0) > 0;
                if (stage is null)
                {
                    throw AriadneException.ExperimentNotFound(run.ExperimentId);
                }

                if (StoredNames.ParseStage(stage) == LifecycleStage.Deleted)
                {
                    throw AriadneException.ExperimentDeleted(run.ExperimentId);
                }

                if (run.ParentRunId is not null && !parentExists)
                {
                    throw AriadneException.RunNotFound(run.ParentRunId);
                }
            }

            var info = new RunInfo(
                runId,
                StoredValues.ExperimentId(experimentId),
                run.RunName ?? "",
                RunStatus.Running,
                run.StartTime,
                null,
                LifecycleStage.Active,
                run.ParentRunId,
                run.UserId ?? "",
                ArtifactScheme + runId);
            await using var insert = new NpgsqlBatch(connection, transaction);
            var insertRun = new NpgsqlBatchCommand(
                """
                INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
                VALUES (@id, @experiment, @name, 'RUNNING', @start, NULL, 'active', @parent, @user, @artifacts)
                """);
            insertRun.Parameters.Add(new NpgsqlParameter<string>("id", runId));
            insertRun.Parameters.Add(new NpgsqlParameter<long>("experiment", experimentId));
            insertRun.Parameters.Add(new NpgsqlParameter<string>("name", info.RunName));
            insertRun.Parameters.Add(new NpgsqlParameter<long>("start", run.StartTime));
            insertRun.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Text) { Value = (object?)run.ParentRunId ?? DBNull.Value });
            insertRun.Parameters.Add(new NpgsqlParameter<string>("user", info.UserId));
            insertRun.Parameters.Add(new NpgsqlParameter<string>("artifacts", info.ArtifactUri));
            insert.BatchCommands.Add(insertRun);
            if (tags.Keys.Length > 0)
            {
                var insertTags = new NpgsqlBatchCommand("INSERT INTO tags (run_id, key, value) SELECT @id, k, v FROM unnest(@keys, @values) AS u(k, v)");
                insertTags.Parameters.Add(new NpgsqlParameter<string>("id", runId));
                insertTags.Parameters.Add(new NpgsqlParameter<string[]>("keys", tags.Keys));
                insertTags.Parameters.Add(new NpgsqlParameter<string[]>("values", tags.Values));
                insert.BatchCommands.Add(insertTags);
            }

            try
            {
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == "runs")
            {
                throw AriadneException.RunExists(runId);
            }
            catch (PostgresException e) when (PostgresErrors.ValueTooLongToIndex(e, Values(([], []), tags)) is { } tooLong)
            {
                throw tooLong;
            }

            return info;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken) =>
        this.CreateRunInNamedExperimentAsync(experimentName, run, cancellationToken);

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var runs = await ExecuteAsync((connection, ct) => PostgresRunReader.LoadAsync(connection, null, [runId ?? ""], ct), cancellationToken).ConfigureAwait(false);
        return runs.Count == 1 ? runs[0] : throw AriadneException.RunNotFound(runId ?? "");
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var statusText = status is { } s ? StoredNames.Status(s) : null;
        return await ExecuteAsync(async (connection, ct) =>
        {
            // A deleted run does not change: the update only matches an active run, and the second statement tells
            // a deleted run from a missing one.
            var update = new NpgsqlBatchCommand(
                $"""
                UPDATE runs r SET status = coalesce(@status, r.status), end_time = coalesce(@end, r.end_time), name = coalesce(@name, r.name)
                WHERE r.run_id = @id AND {StoredNames.ActiveCondition("r.lifecycle_stage")}
                RETURNING {PostgresRunReader.InfoColumns}
                """);
            update.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)statusText ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Bigint) { Value = (object?)endTime ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)runName ?? DBNull.Value });
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { WithRunId(update, runId), RunExists(runId) } };
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                return PostgresRunReader.ReadInfo(reader);
            }

            await reader.NextResultAsync(ct).ConfigureAwait(false);
            CheckStage(runId, await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetString(0) : null, requireActive: true);
            throw new InvalidOperationException($"Run {runId} is active but was not updated.");
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken) =>
        await ExecuteAsync(async (connection, ct) =>
        {
            await using var update = new NpgsqlCommand("UPDATE runs SET lifecycle_stage = @stage WHERE run_id = @id", connection);
            update.Parameters.Add(new NpgsqlParameter<string>("stage", StoredNames.Stage(stage)));
            update.Parameters.Add(new NpgsqlParameter<string>("id", runId ?? ""));
            return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0 ? throw AriadneException.RunNotFound(runId ?? "") : true;
        }, cancellationToken).ConfigureAwait(false);

    public async Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken) =>
        await InTransactionAsync(async (connection, transaction, ct) =>
        {
            await RequireRunAsync(connection, transaction, runId, requireActive: true, ct).ConfigureAwait(false);
            await using var delete = new NpgsqlCommand("DELETE FROM tags WHERE run_id = @id AND key = @key", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<string>("id", runId));
            delete.Parameters.Add(new NpgsqlParameter<string>("key", key ?? ""));
            return await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0
                ? throw AriadneException.TagNotFound(runId, key!)
                : true;
        }, cancellationToken).ConfigureAwait(false);

    public async Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var unique = new Dictionary<(string, string), RunInput>();
        foreach (var input in inputs)
        {

            unique[(input.DatasetHash, input.Role)] = input;
        }

        var sorted = unique.OrderBy(u => u.Key.Item1, StringComparer.Ordinal).ThenBy(u => u.Key.Item2, StringComparer.Ordinal).Select(u => u.Value).ToList();
        await InTransactionAsync(async (connection, transaction, ct) =>
        {
            await RequireRunAsync(connection, transaction, runId, requireActive: true, ct).ConfigureAwait(false);
            if (sorted.Count == 0)
            {
                return true;
            }

            // A hash registered as a named dataset version carries that name and version (the newest registration).
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO run_inputs (run_id, dataset_hash, role, pointer_path, dataset_name, dataset_version)
                SELECT @id, u.hash, u.role, u.pointer, coalesce(u.name, d.name), CASE WHEN u.name IS NULL THEN d.version ELSE u.version END
                FROM unnest(@hashes, @roles, @pointers, @names, @versions) WITH ORDINALITY AS u(hash, role, pointer, name, version, n)
                LEFT JOIN LATERAL (
                    SELECT v.name, v.version FROM dataset_versions v WHERE v.hash = u.hash ORDER BY v.created_at DESC, v.name, v.version LIMIT 1
                ) d ON TRUE
                ORDER BY u.n
                ON CONFLICT (run_id, dataset_hash, role) DO UPDATE SET
                    pointer_path = coalesce(excluded.pointer_path, run_inputs.pointer_path),
                    dataset_name = coalesce(excluded.dataset_name, run_inputs.dataset_name),
                    dataset_version = coalesce(excluded.dataset_version, run_inputs.dataset_version)
                """,
                connection,
                transaction);
            upsert.Parameters.Add(new NpgsqlParameter<string>("id", runId));
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. sorted.Select(i => i.DatasetHash)]));
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("roles", [.. sorted.Select(i => i.Role)]));
            upsert.Parameters.Add(new NpgsqlParameter<string?[]>("pointers", [.. sorted.Select(i => i.PointerPath)]));
            upsert.Parameters.Add(new NpgsqlParameter<string?[]>("names", [.. sorted.Select(i => i.DatasetName)]));
            upsert.Parameters.Add(new NpgsqlParameter<string?[]>("versions", [.. sorted.Select(i => i.DatasetVersion)]));
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var unique = new Dictionary<string, RunArtifact>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            unique[artifact.Path] = artifact;
        }

        var sorted = unique.Values.OrderBy(a => a.Path, StringComparer.Ordinal).ToList();
        await InTransactionAsync(async (connection, transaction, ct) =>
        {
            await RequireRunAsync(connection, transaction, runId, requireActive: true, ct).ConfigureAwait(false);
            if (sorted.Count == 0)
            {
                return true;
            }

            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO run_artifacts (run_id, path, hash, size)
                SELECT @id, p, h, s FROM unnest(@paths, @hashes, @sizes) AS u(p, h, s)
                ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size
                """,
                connection,
                transaction);
            upsert.Parameters.Add(new NpgsqlParameter<string>("id", runId));
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("paths", [.. sorted.Select(a => a.Path)]));
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. sorted.Select(a => a.Hash)]));
            upsert.Parameters.Add(new NpgsqlParameter<long[]>("sizes", [.. sorted.Select(a => a.Size)]));
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken) =>
        await ExecuteAsync<IReadOnlyList<RunArtifact>>(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    RunExists(runId),
                    WithRunId(new NpgsqlBatchCommand("SELECT path, hash, size FROM run_artifacts WHERE run_id = @id ORDER BY path COLLATE \"C\""), runId),
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await ReadRunExistsAsync(reader, runId, ct).ConfigureAwait(false);
            var artifacts = new List<RunArtifact>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                artifacts.Add(new RunArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return artifacts;
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken) =>
        await ExecuteAsync<IReadOnlyList<Metric>>(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    RunExists(runId),
                    WithKey(
                        WithRunId(new NpgsqlBatchCommand(HistorySql), runId),
                        key),
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await ReadRunExistsAsync(reader, runId, ct).ConfigureAwait(false);
            var history = new List<Metric>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                history.Add(new Metric(key, reader.GetDouble(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return history;
        }, cancellationToken).ConfigureAwait(false);

    // ---------------------------------------------------------------- helpers

    /// <summary>Checks the run exists and, optionally, is active.</summary>
    private static async Task RequireRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string runId, bool requireActive, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("SELECT lifecycle_stage FROM runs WHERE run_id = @id", connection, transaction);
        check.Parameters.Add(new NpgsqlParameter<string>("id", runId ?? ""));
        var stage = await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        CheckStage(runId ?? "", stage, requireActive);
    }

    private static void CheckStage(string runId, string? stage, bool requireActive)
    {
        if (stage is null)
        {
            throw AriadneException.RunNotFound(runId);
        }

        if (requireActive && StoredNames.ParseStage(stage) == LifecycleStage.Deleted)
        {
            throw AriadneException.RunDeleted(runId);
        }
    }

    private static NpgsqlBatchCommand RunExists(string runId) =>
        WithRunId(new NpgsqlBatchCommand("SELECT lifecycle_stage FROM runs WHERE run_id = @id"), runId);

    private static NpgsqlBatchCommand WithRunId(NpgsqlBatchCommand command, string runId)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("id", runId ?? ""));
        return command;
    }

    private static NpgsqlBatchCommand WithKey(NpgsqlBatchCommand command, string key)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("key", key ?? ""));
        return command;
    }

    /// <summary>Reads the result of <see cref="RunExists"/> and moves on to the next result; throws RunNotFound when the run is missing.</summary>
    private static async Task ReadRunExistsAsync(NpgsqlDataReader reader, string runId, CancellationToken cancellationToken)
    {
        var exists = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            throw AriadneException.RunNotFound(runId ?? "");
        }
    }
}
