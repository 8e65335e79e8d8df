using System.Globalization;
using Ariadne.Data.Holdout;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    private const string HoldoutColumns = "id, part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason";

    public async Task<HoldoutAccess> RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var checkedRead = read.Checked();

        // BEGIN IMMEDIATE: counting and recording hold the write lock together, across processes too.
        return await WriteAsync(session =>
        {
            var readId = checkedRead.ReadId.ToString("D");
            using (var recorded = session.Query($"SELECT {HoldoutColumns} FROM holdout_reads WHERE read_id = @read", ("@read", readId)))
            {
                if (recorded.Read())
                {
                    return ToAccess(recorded);
                }
            }

            var used = Convert.ToInt32(session.Scalar("SELECT count(*) FROM holdout_reads WHERE part_blake3 = @hash", ("@hash", checkedRead.PartBlake3)), CultureInfo.InvariantCulture);
            if (used >= checkedRead.Budget && checkedRead.OverrideReason is null)
            {
                throw AriadneException.HoldoutBudgetExceeded(checkedRead.Part, used, checkedRead.Budget);
            }

            var id = Convert.ToInt64(session.Scalar(
                """
                INSERT INTO holdout_reads (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason, read_id)
                VALUES (@hash, @part, @manifest, @run, @model, @metric, @time, @budget, @reason, @read) RETURNING id
                """,
                ("@read", readId), ("@hash", checkedRead.PartBlake3), ("@part", checkedRead.Part), ("@manifest", checkedRead.Manifest), ("@run", checkedRead.RunId),
                ("@model", checkedRead.Model), ("@metric", checkedRead.Metric), ("@time", checkedRead.Time.ToUnixTimeMilliseconds()),
                ("@budget", checkedRead.Budget), ("@reason", checkedRead.OverrideReason)), CultureInfo.InvariantCulture);
            return new HoldoutAccess(id, checkedRead.PartBlake3, checkedRead.Part, checkedRead.Manifest, checkedRead.RunId, checkedRead.Model, checkedRead.Metric,
                DateTimeOffset.FromUnixTimeMilliseconds(checkedRead.Time.ToUnixTimeMilliseconds()), checkedRead.Budget, checkedRead.OverrideReason);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<HoldoutAccess>> ListHoldoutReadsAsync(string? partBlake3, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<HoldoutAccess>>(session =>
        {
            using var reader = partBlake3 is null
                ? session.Query($"SELECT {HoldoutColumns} FROM holdout_reads ORDER BY id")
                : session.Query($"SELECT {HoldoutColumns} FROM holdout_reads WHERE part_blake3 = @hash ORDER BY id", ("@hash", partBlake3));
            var reads = new List<HoldoutAccess>();
            while (reader.Read())
            {
                reads.Add(ToAccess(reader));
            }

            return reads;
        }, cancellationToken);

    private static HoldoutAccess ToAccess(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), NullableString(reader, 4),
            reader.GetString(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetInt32(8), NullableString(reader, 9));

    /// <summary>
    /// Earlier versions kept a ledger per working copy in <c>holdout.db</c> next to the tracking file. Its reads move
    /// into <c>holdout_reads</c> once (a read already there, same part, time, model, metric and run, is not copied
    /// again, so processes importing at once add each read once), and the file is renamed <c>holdout.db.imported</c>:
    /// upgrading never gives a spent budget back.
    /// </summary>
    private void ImportLegacyHoldoutLedger()
    {
        var legacy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path))!, "holdout.db");
        if (!File.Exists(legacy))
        {
            return;
        }

        var rows = new List<object?[]>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = legacy, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason FROM holdout_access ORDER BY id";
            try
            {
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    var row = new object?[9];
                    reader.GetValues(row!);
                    rows.Add([.. row.Select(v => v is DBNull ? null : v)]);
                }
            }
            catch (SqliteException e)
            {
                throw AriadneException.StoreFailure(legacy, $"it looks like an old holdout ledger but cannot be read ({e.Message}). Move it away if it is not one; its reads would otherwise be lost from the budget", e);
            }
        }

        WriteAsync(session =>
        {
            foreach (var row in rows)
            {
                var exists = Convert.ToInt64(session.Scalar(
                    "SELECT count(*) FROM holdout_reads WHERE part_blake3 = @hash AND time_ms = @time AND model = @model AND metric = @metric AND run_id IS @run",
                    ("@hash", row[0]), ("@time", row[6]), ("@model", row[4]), ("@metric", row[5]), ("@run", row[3])), CultureInfo.InvariantCulture);
                if (exists == 0)
                {
                    session.Execute(
                        """
                        INSERT INTO holdout_reads (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason)
                        VALUES (@hash, @part, @manifest, @run, @model, @metric, @time, @budget, @reason)
                        """,
                        ("@hash", row[0]), ("@part", row[1]), ("@manifest", row[2]), ("@run", row[3]), ("@model", row[4]), ("@metric", row[5]),
                        ("@time", row[6]), ("@budget", row[7]), ("@reason", row[8]));
                }
            }
        }, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            File.Move(legacy, legacy + ".imported", overwrite: true);
        }
        catch (IOException)
        {
            // Another process moved it first, after importing the same rows.
        }
    }
}
