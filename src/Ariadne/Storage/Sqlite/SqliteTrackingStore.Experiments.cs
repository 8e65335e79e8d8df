using System.Globalization;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    private const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    public async Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        name = TrackingLimits.ExperimentName(name);
        return await WriteAsync(session =>
        {
            if (session.Scalar("SELECT experiment_id FROM experiments WHERE name = @name", ("@name", name)) is not null)
            {
                throw AriadneException.ExperimentExists(name);
            }

            var now = Now;
            var id = Convert.ToInt64(session.Scalar(
                "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (@name, '', 'active', @now, @now) RETURNING experiment_id",
                ("@name", name), ("@now", now)), CultureInfo.InvariantCulture);
            session.Execute("UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id",
                ("@location", $"ariadne-artifacts:/experiments/{Text(id)}"), ("@id", id));
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            {
                session.Execute("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)", ("@id", id), ("@key", key), ("@value", value));
            }

            return Text(id);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        return !TryParseExperimentId(experimentId, out var id)
            ? Task.FromResult<Experiment?>(null)
            : ReadAsync(session => ReadExperiments(session, "WHERE experiment_id = @id", ("@id", id)).FirstOrDefault(), cancellationToken);
    }

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = TrackingLimits.ExperimentName(name);
        return ReadAsync(session => ReadExperiments(session, "WHERE name = @name", ("@name", name)).FirstOrDefault(), cancellationToken);
    }

    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Experiment>>(session => ReadExperiments(session, "WHERE " + StoredNames.StageCondition("lifecycle_stage", viewType)), cancellationToken);

    public async Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        if (newName is not null)
        {
            newName = TrackingLimits.ExperimentName(newName);
        }

        var id = RequireExperimentId(experimentId);
        await WriteAsync(session =>
        {
            RequireExperiment(session, id, experimentId);
            if (newName is not null)
            {
                var holder = session.Scalar("SELECT experiment_id FROM experiments WHERE name = @name", ("@name", newName));
                if (holder is not null && Convert.ToInt64(holder, CultureInfo.InvariantCulture) != id)
                {
                    throw AriadneException.ExperimentExists(newName);
                }

                session.Execute("UPDATE experiments SET name = @name, last_update_time = @now WHERE experiment_id = @id", ("@name", newName), ("@now", Now), ("@id", id));
            }

            if (stage is { } s)
            {
                session.Execute("UPDATE experiments SET lifecycle_stage = @stage, last_update_time = @now WHERE experiment_id = @id", ("@stage", StoredNames.Stage(s)), ("@now", Now), ("@id", id));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        var id = RequireExperimentId(experimentId);
        await WriteAsync(session =>
        {
            RequireExperiment(session, id, experimentId);
            session.Execute(
                "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
                ("@id", id), ("@key", key), ("@value", value));
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryParseExperimentId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static long RequireExperimentId(string text) =>
        TryParseExperimentId(text, out var id) ? id : throw AriadneException.ExperimentNotFound(text);

    /// <summary>The experiment's lifecycle stage; throws ResourceNotFound when there is no such experiment.</summary>
    private static LifecycleStage RequireExperiment(SqliteSession session, long id, string text)
    {
        var stage = session.Scalar("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", ("@id", id)) as string;
        return stage is null ? throw AriadneException.ExperimentNotFound(text) : StoredNames.ParseStage(stage);
    }

    private static List<Experiment> ReadExperiments(SqliteSession session, string where, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var rows = new List<(long Id, string Name, string Location, LifecycleStage Stage, long Created, long Updated)>();
        using (var reader = session.Query($"SELECT {ExperimentColumns} FROM experiments {where} ORDER BY experiment_id", parameters))
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StoredNames.ParseStage(reader.GetString(3)), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var tags = rows.ToDictionary(r => r.Id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        using (var reader = rows.Count == 1
            ? session.Query("SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id = @id", ("@id", rows[0].Id))
            : session.Query("SELECT experiment_id, key, value FROM experiment_tags"))
        {
            while (reader.Read())
            {
                if (tags.TryGetValue(reader.GetInt64(0), out var set))
                {
                    set[reader.GetString(1)] = reader.GetString(2);
                }
            }
        }

        return [.. rows.Select(r => new Experiment(Text(r.Id), r.Name, r.Location, r.Stage, r.Created, r.Updated, tags[r.Id]))];
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
