using System.Data.Common;
using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

/// <summary>
/// Loads whole runs set-based: one round trip of five statements (runs, latest metrics, params, tags, inputs) for any
/// number of run ids, so a search page of 100 runs costs the same few statements as one run.
/// </summary>
internal static class PostgresRunReader
{
    public const string InfoColumns =
        "r.run_id, r.experiment_id, r.name, r.status, r.start_time, r.end_time, r.lifecycle_stage, r.parent_run_id, r.user_id, r.artifact_uri";

    /// <summary>Reads a <see cref="RunInfo"/> from the 10 columns of <see cref="InfoColumns"/> starting at <paramref name="first"/>.</summary>
    public static RunInfo ReadInfo(DbDataReader reader, int first = 0) => new(
        reader.GetString(first),
        StoredValues.ExperimentId(reader.GetInt64(first + 1)),
        reader.GetString(first + 2),
        StoredNames.ParseStatus(reader.GetString(first + 3)),
        reader.GetInt64(first + 4),
        reader.IsDBNull(first + 5) ? null : reader.GetInt64(first + 5),
        StoredNames.ParseStage(reader.GetString(first + 6)),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        reader.GetString(first + 8),
        reader.GetString(first + 9));

    /// <summary>The runs with these ids, in the order given; ids with no run are left out.</summary>
    public static async Task<IReadOnlyList<Run>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        var ids = runIds as string[] ?? [.. runIds];
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command($"SELECT {InfoColumns} FROM runs r WHERE r.run_id = ANY(@ids)", ids),
                Command("SELECT run_id, key, value, \"timestamp\", step FROM latest_metrics WHERE run_id = ANY(@ids) ORDER BY run_id, key COLLATE \"C\"", ids),
                Command("SELECT run_id, key, value FROM params WHERE run_id = ANY(@ids) ORDER BY run_id, key COLLATE \"C\"", ids),
                Command("SELECT run_id, key, value FROM tags WHERE run_id = ANY(@ids) ORDER BY run_id, key COLLATE \"C\"", ids),
                Command(
                    "SELECT run_id, dataset_hash, role, pointer_path, dataset_name, dataset_version FROM run_inputs WHERE run_id = ANY(@ids) " +
                    "ORDER BY run_id, dataset_hash COLLATE \"C\", role COLLATE \"C\"",
                    ids),
            },
        };

        var infos = new Dictionary<string, RunInfo>(ids.Length, StringComparer.Ordinal);
        var metrics = new Dictionary<string, List<Metric>>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, List<Param>>(StringComparer.Ordinal);
        var tags = new Dictionary<string, List<RunTag>>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, List<RunInput>>(StringComparer.Ordinal);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var info = ReadInfo(reader);
            infos[info.RunId] = info;
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListOf(metrics, reader.GetString(0)).Add(new Metric(reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListOf(parameters, reader.GetString(0)).Add(new Param(reader.GetString(1), reader.GetString(2)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListOf(tags, reader.GetString(0)).Add(new RunTag(reader.GetString(1), reader.GetString(2)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListOf(inputs, reader.GetString(0)).Add(new RunInput(
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        var runs = new List<Run>(ids.Length);
        foreach (var id in ids)
        {
            if (infos.TryGetValue(id, out var info))
            {
                runs.Add(new Run(
                    info,
                    metrics.TryGetValue(id, out var m) ? m : [],
                    parameters.TryGetValue(id, out var p) ? p : [],
                    tags.TryGetValue(id, out var t) ? t : [],
                    inputs.TryGetValue(id, out var i) ? i : []));
            }
        }

        return runs;
    }

    private static NpgsqlBatchCommand Command(string sql, string[] ids) =>
        new(sql) { Parameters = { new NpgsqlParameter<string[]>("ids", ids) } };

    private static List<T> ListOf<T>(Dictionary<string, List<T>> lists, string runId)
    {
        if (!lists.TryGetValue(runId, out var list))
        {
            list = [];
            lists[runId] = list;
        }

        return list;
    }
}
