using System.Globalization;
using Ariadne.Data.Holdout;

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
            var used = Convert.ToInt32(session.Scalar("SELECT count(*) FROM holdout_reads WHERE part_blake3 = @hash", ("@hash", checkedRead.PartBlake3)), CultureInfo.InvariantCulture);
            if (used >= checkedRead.Budget && checkedRead.OverrideReason is null)
            {
                throw AriadneException.HoldoutBudgetExceeded(checkedRead.Part, used, checkedRead.Budget);
            }

            var id = Convert.ToInt64(session.Scalar(
                """
                INSERT INTO holdout_reads (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason)
                VALUES (@hash, @part, @manifest, @run, @model, @metric, @time, @budget, @reason) RETURNING id
                """,
                ("@hash", checkedRead.PartBlake3), ("@part", checkedRead.Part), ("@manifest", checkedRead.Manifest), ("@run", checkedRead.RunId),
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
                reads.Add(new HoldoutAccess(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), NullableString(reader, 4),
                    reader.GetString(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetInt32(8), NullableString(reader, 9)));
            }

            return reads;
        }, cancellationToken);
}
