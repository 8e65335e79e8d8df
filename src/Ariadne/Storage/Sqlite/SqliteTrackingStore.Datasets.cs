using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    public async Task RegisterDatasetVersionAsync(DatasetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await WriteAsync(session =>
        {
            var existing = session.Scalar("SELECT hash FROM dataset_versions WHERE name = @name AND version = @version", ("@name", version.Name), ("@version", version.Version)) as string;
            if (existing is not null)
            {
                return existing == version.Hash
                    ? true
                    : throw AriadneException.DatasetVersionConflict(version.Name, version.Version, existing, version.Hash);
            }

            session.Execute(
                """
                INSERT INTO dataset_versions (name, version, hash, size, files, pointer_path, git_commit, created_at)
                VALUES (@name, @version, @hash, @size, @files, @pointer, @commit, @created)
                """,
                ("@name", version.Name), ("@version", version.Version), ("@hash", version.Hash), ("@size", version.Size), ("@files", version.Files),
                ("@pointer", version.PointerPath ?? ""), ("@commit", version.GitCommit), ("@created", version.CreatedAt));

            // Inputs logged before the hash had a name now carry it.
            session.Execute(
                "UPDATE run_inputs SET dataset_name = @name, dataset_version = @version WHERE dataset_hash = @hash AND dataset_name IS NULL",
                ("@name", version.Name), ("@version", version.Version), ("@hash", version.Hash));
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string? name, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DatasetVersion>>(session =>
        {
            const string Columns = "SELECT name, version, hash, size, files, pointer_path, git_commit, created_at FROM dataset_versions";
            const string Order = "ORDER BY created_at DESC, name, version";
            using var reader = name is null
                ? session.Query($"{Columns} {Order}")
                : session.Query($"{Columns} WHERE name = @name {Order}", ("@name", name));
            var versions = new List<DatasetVersion>();
            while (reader.Read())
            {
                versions.Add(new DatasetVersion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetString(5), NullableString(reader, 6), reader.GetInt64(7)));
            }

            return versions;
        }, cancellationToken);

    public Task<IReadOnlyList<DatasetUse>> ListDatasetUsesAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return ReadAsync<IReadOnlyList<DatasetUse>>(session =>
        {
            var uses = new List<DatasetUse>();
            using var reader = session.Query(
                $"""
                SELECT i.role, {string.Join(", ", RunColumns.Split(", ").Select(c => "r." + c))}
                FROM run_inputs i JOIN runs r ON r.run_id = i.run_id
                WHERE i.dataset_hash = @hash
                ORDER BY r.start_time DESC, r.run_id, i.role
                """,
                ("@hash", hash));
            while (reader.Read())
            {
                uses.Add(new DatasetUse(ReadRunInfo(reader, 1), reader.GetString(0)));
            }

            return uses;
        }, cancellationToken);
    }
}
