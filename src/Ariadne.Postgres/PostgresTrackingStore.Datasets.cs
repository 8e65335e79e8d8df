using Ariadne.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    public async Task RegisterDatasetVersionAsync(DatasetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);

        await ExecuteAsync(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(
                        """
                        INSERT INTO dataset_versions (name, version, hash, size, files, pointer_path, git_commit, created_at)
                        VALUES (@name, @version, @hash, @size, @files, @pointer, @commit, @created)
                        ON CONFLICT (name, version) DO NOTHING
                        """)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string>("name", version.Name),
                            new NpgsqlParameter<string>("version", version.Version),
                            new NpgsqlParameter<string>("hash", version.Hash),
                            new NpgsqlParameter<long>("size", version.Size),
                            new NpgsqlParameter<long>("files", version.Files),
                            new NpgsqlParameter<string>("pointer", version.PointerPath ?? ""),
                            new NpgsqlParameter("commit", NpgsqlDbType.Text) { Value = (object?)version.GitCommit ?? DBNull.Value },
                            new NpgsqlParameter<long>("created", version.CreatedAt),
                        },
                    },
                    new NpgsqlBatchCommand("SELECT hash FROM dataset_versions WHERE name = @name AND version = @version")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string>("name", version.Name),
                            new NpgsqlParameter<string>("version", version.Version),
                        },
                    },

                    // Inputs logged before the hash had a name now carry it (only when this registration holds).
                    new NpgsqlBatchCommand(
                        """
                        UPDATE run_inputs SET dataset_name = @name, dataset_version = @version
                        WHERE dataset_hash = @hash AND dataset_name IS NULL
                          AND EXISTS (SELECT 1 FROM dataset_versions v WHERE v.name = @name AND v.version = @version AND v.hash = @hash)
                        """)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string>("name", version.Name),
                            new NpgsqlParameter<string>("version", version.Version),
                            new NpgsqlParameter<string>("hash", version.Hash),
                        },
                    },
                },
            };
            // The reader starts on the SELECT: Npgsql skips the insert, which returns no rows.
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            var stored = reader.GetString(0);
            return stored == version.Hash
                ? true
                : throw AriadneException.DatasetVersionConflict(version.Name, version.Version, stored, version.Hash);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string? name, CancellationToken cancellationToken) =>
        await ExecuteAsync<IReadOnlyList<DatasetVersion>>(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand(
                """
                SELECT name, version, hash, size, files, pointer_path, git_commit, created_at FROM dataset_versions
                WHERE @name IS NULL OR name = @name
                ORDER BY created_at DESC, name COLLATE "C", version COLLATE "C" DESC
                """,
                connection);
            select.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)name ?? DBNull.Value });
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var versions = new List<DatasetVersion>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                versions.Add(new DatasetVersion(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    reader.GetInt64(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetInt64(7)));
            }

            return versions;
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DatasetUse>> ListDatasetUsesAsync(string hash, CancellationToken cancellationToken) =>
        await ExecuteAsync<IReadOnlyList<DatasetUse>>(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand(
                $"""
                SELECT {PostgresRunReader.InfoColumns}, i.role FROM run_inputs i JOIN runs r ON r.run_id = i.run_id
                WHERE i.dataset_hash = @hash
                ORDER BY r.start_time DESC, r.run_id, i.role COLLATE "C"
                """,
                connection);
            select.Parameters.Add(new NpgsqlParameter<string>("hash", hash ?? ""));
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var uses = new List<DatasetUse>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                uses.Add(new DatasetUse(PostgresRunReader.ReadInfo(reader), reader.GetString(10)));
            }

            return uses;
        }, cancellationToken).ConfigureAwait(false);
}
