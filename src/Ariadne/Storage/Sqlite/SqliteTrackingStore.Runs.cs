using System.Globalization;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    private const string RunColumns = "run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri";

    private const string IdsFilter = "run_id IN (SELECT value FROM json_each(@ids))";

    public async Task<RunInfo> CreateRunAsync(NewRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(run.ExperimentId);
        var tags = LastValues(run.Tags ?? []);
        var experimentId = RequireExperimentId(run.ExperimentId);
        var runId = run.RunId ?? Guid.NewGuid().ToString("N");
        var info = new RunInfo(runId, Text(experimentId), run.RunName ?? "", RunStatus.Running, run.StartTime, null, LifecycleStage.Active,
            run.ParentRunId, run.UserId ?? "", $"ariadne-artifacts:/{runId}");

        return await WriteAsync(session =>
        {
            if (RequireExperiment(session, experimentId, run.ExperimentId) == LifecycleStage.Deleted)
            {
                throw AriadneException.ExperimentDeleted(run.ExperimentId);
            }

            if (run.ParentRunId is not null)
            {
                RunStage(session, run.ParentRunId);
            }

            if (session.Scalar("SELECT 1 FROM runs WHERE run_id = @run", ("@run", runId)) is not null)
            {
                throw AriadneException.RunExists(runId);
            }

            session.Execute(
                $"INSERT INTO runs ({RunColumns}) VALUES (@run, @experiment, @name, 'RUNNING', @start, NULL, 'active', @parent, @user, @uri)",
                ("@run", runId), ("@experiment", experimentId), ("@name", info.RunName), ("@start", info.StartTime), ("@parent", info.ParentRunId),
                ("@user", info.UserId), ("@uri", info.ArtifactUri));
            WriteTags(session, runId, tags);
            return info;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken) =>
        this.CreateRunInNamedExperimentAsync(experimentName, run, cancellationToken);

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        return ReadAsync(session => LoadRuns(session, [runId]).FirstOrDefault() ?? throw AriadneException.RunNotFound(runId), cancellationToken);
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        var statusText = status is { } s ? StoredNames.Status(s) : null;
        return await WriteAsync(session =>
        {
            RequireActiveRun(session, runId);
            session.Execute(
                "UPDATE runs SET status = COALESCE(@status, status), end_time = COALESCE(@end, end_time), name = COALESCE(@name, name) WHERE run_id = @run",
                ("@status", statusText), ("@end", endTime), ("@name", runName), ("@run", runId));
            return ReadRunInfos(session, [runId]).Single();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        await WriteAsync(session =>
        {
            RunStage(session, runId);
            session.Execute("UPDATE runs SET lifecycle_stage = @stage WHERE run_id = @run", ("@stage", StoredNames.Stage(stage)), ("@run", runId));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(key);
        await WriteAsync(session =>
        {
            RequireActiveRun(session, runId);
            if (session.Execute("DELETE FROM tags WHERE run_id = @run AND key = @key", ("@run", runId), ("@key", key)) == 0)
            {
                throw AriadneException.TagNotFound(runId, key);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(inputs);
        await WriteAsync(session =>
        {
            RequireActiveRun(session, runId);
            foreach (var input in inputs)
            {
                var name = input.DatasetName;
                var version = input.DatasetVersion;
                if (name is null)
                {
                    using var reader = session.Query(
                        "SELECT name, version FROM dataset_versions WHERE hash = @hash ORDER BY created_at DESC, name, version LIMIT 1", ("@hash", input.DatasetHash));
                    if (reader.Read())
                    {
                        (name, version) = (reader.GetString(0), reader.GetString(1));
                    }
                }

                session.Execute(
                    """
                    INSERT INTO run_inputs (run_id, dataset_hash, role, pointer_path, dataset_name, dataset_version)
                    VALUES (@run, @hash, @role, @pointer, @name, @version)
                    ON CONFLICT (run_id, dataset_hash, role) DO UPDATE SET
                        pointer_path = COALESCE(excluded.pointer_path, pointer_path),
                        dataset_name = COALESCE(excluded.dataset_name, dataset_name),
                        dataset_version = COALESCE(excluded.dataset_version, dataset_version)
                    """,
                    ("@run", runId), ("@hash", input.DatasetHash), ("@role", input.Role), ("@pointer", input.PointerPath), ("@name", name), ("@version", version));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(artifacts);
        foreach (var artifact in artifacts)
        {
        }

        await WriteAsync(session =>
        {
            RequireActiveRun(session, runId);
            foreach (var artifact in artifacts)
            {
                session.Execute(
                    "INSERT INTO run_artifacts (run_id, path, hash, size) VALUES (@run, @path, @hash, @size) ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size",
                    ("@run", runId), ("@path", artifact.Path), ("@hash", artifact.Hash), ("@size", artifact.Size));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        return ReadAsync<IReadOnlyList<RunArtifact>>(session =>
        {
            RunStage(session, runId);
            var artifacts = new List<RunArtifact>();
            using var reader = session.Query("SELECT path, hash, size FROM run_artifacts WHERE run_id = @run ORDER BY path", ("@run", runId));
            while (reader.Read())
            {
                artifacts.Add(new RunArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return artifacts;
        }, cancellationToken);
    }

    /// <summary>The tags of a batch (checked by <see cref="CheckedTrackingStore"/>), the last value of a key winning.</summary>
    private static Dictionary<string, string> LastValues(IReadOnlyList<RunTag> tags)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            values[tag.Key] = tag.Value;
        }

        return values;
    }

    private static void WriteTags(SqliteSession session, string runId, Dictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            session.Execute(
                "INSERT INTO tags (run_id, key, value) VALUES (@run, @key, @value) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
                ("@run", runId), ("@key", key), ("@value", value));
        }
    }

    private static List<RunInfo> ReadRunInfos(SqliteSession session, IReadOnlyList<string> runIds)
    {
        var infos = new List<RunInfo>(runIds.Count);
        using var reader = runIds.Count == 1
            ? session.Query($"SELECT {RunColumns} FROM runs WHERE run_id = @run", ("@run", runIds[0]))
            : session.Query($"SELECT {RunColumns} FROM runs WHERE {IdsFilter}", ("@ids", JsonArray(runIds)));
        while (reader.Read())
        {
            infos.Add(ReadRunInfo(reader, 0));
        }

        return infos;
    }

    private static RunInfo ReadRunInfo(SqliteDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetInt64(first + 1).ToString(CultureInfo.InvariantCulture),
        reader.GetString(first + 2),
        StoredNames.ParseStatus(reader.GetString(first + 3)),
        reader.GetInt64(first + 4),
        reader.IsDBNull(first + 5) ? null : reader.GetInt64(first + 5),
        StoredNames.ParseStage(reader.GetString(first + 6)),
        NullableString(reader, first + 7),
        reader.GetString(first + 8),
        reader.GetString(first + 9));

    /// <summary>
    /// Runs with their data, in the order of <paramref name="runIds"/> (unknown ids are left out): five set-based
    /// queries whatever the number of runs, never one per run.
    /// </summary>
    private static List<Run> LoadRuns(SqliteSession session, IReadOnlyList<string> runIds)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        var infos = ReadRunInfos(session, runIds);
        if (infos.Count == 0)
        {
            return [];
        }

        var single = runIds.Count == 1;
        var ids = single ? runIds[0] : JsonArray(runIds);
        var data = infos.ToDictionary(i => i.RunId, _ => (Metrics: new List<Metric>(), Params: new List<Param>(), Tags: new List<RunTag>(), Inputs: new List<RunInput>()), StringComparer.Ordinal);

        using (var reader = Query("SELECT run_id, key, step, timestamp, value, is_nan FROM latest_metrics WHERE {0} ORDER BY run_id, key"))
        {
            while (reader.Read())
            {
                var value = reader.GetInt64(5) != 0 ? double.NaN : reader.GetDouble(4);
                data[reader.GetString(0)].Metrics.Add(new Metric(reader.GetString(1), value, reader.GetInt64(3), reader.GetInt64(2)));
            }
        }

        using (var reader = Query("SELECT run_id, key, value FROM params WHERE {0} ORDER BY run_id, key"))
        {
            while (reader.Read())
            {
                data[reader.GetString(0)].Params.Add(new Param(reader.GetString(1), reader.GetString(2)));
            }
        }

        using (var reader = Query("SELECT run_id, key, value FROM tags WHERE {0} ORDER BY run_id, key"))
        {
            while (reader.Read())
            {
                data[reader.GetString(0)].Tags.Add(new RunTag(reader.GetString(1), reader.GetString(2)));
            }
        }

        using (var reader = Query("SELECT run_id, dataset_hash, role, pointer_path, dataset_name, dataset_version FROM run_inputs WHERE {0} ORDER BY run_id, dataset_hash, role"))
        {
            while (reader.Read())
            {
                data[reader.GetString(0)].Inputs.Add(new RunInput(reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4), NullableString(reader, 5)));
            }
        }

        var byId = infos.ToDictionary(i => i.RunId, StringComparer.Ordinal);
        var runs = new List<Run>(infos.Count);
        foreach (var id in runIds)
        {
            if (byId.TryGetValue(id, out var info))
            {
                var d = data[id];
                runs.Add(new Run(info, d.Metrics, d.Params, d.Tags, d.Inputs));
            }
        }

        return runs;

        SqliteDataReader Query(string sql) => single
            ? session.Query(sql.Replace("{0}", "run_id = @run", StringComparison.Ordinal), ("@run", ids))
            : session.Query(sql.Replace("{0}", IdsFilter, StringComparison.Ordinal), ("@ids", ids));
    }
}
