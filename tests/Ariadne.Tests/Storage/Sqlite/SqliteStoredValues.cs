using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>Edits an SQLite tracking file past the store, for tests of how a store reads what it did not write.</summary>
public static class SqliteStoredValues
{
    public static async Task SetRunStatusAsync(string databaseFile, string runId, string status)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE runs SET status = $status WHERE run_id = $run";
        update.Parameters.AddWithValue("$status", status);
        update.Parameters.AddWithValue("$run", runId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
