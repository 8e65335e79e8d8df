using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>Edits an SQLite tracking file past the store, for tests of how a store reads what it did not write.</summary>
public static class SqliteStoredValues
{
    public static Task SetRunStatusAsync(string databaseFile, string runId, string status) => SetRunColumnAsync(databaseFile, runId, "status", status);

    public static Task SetRunStageAsync(string databaseFile, string runId, string stage) => SetRunColumnAsync(databaseFile, runId, "lifecycle_stage", stage);

    private static async Task SetRunColumnAsync(string databaseFile, string runId, string column, string value)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE runs SET {column} = $value WHERE run_id = $run";
        update.Parameters.AddWithValue("$value", value);
        update.Parameters.AddWithValue("$run", runId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
