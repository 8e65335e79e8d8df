using Ariadne.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Storage.Sqlite;

public sealed class SqliteFailureTests
{
    [Theory]
    [InlineData(13, "disk holding the database is full")]
    [InlineData(8, "read-only")]
    [InlineData(18, "too large")]
    [InlineData(1, "too large for SQLite")]
    public void Failures_other_than_damage_say_what_happened_and_do_not_suggest_moving_the_database(int code, string says)
    {
        var message = SqliteFailure.What(new SqliteException(code == 1 ? "too many SQL variables" : "SQLite said no", code));

        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.DoesNotContain("move it away", message, StringComparison.Ordinal);
        Assert.DoesNotContain("backup", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(26)]
    public void Damage_suggests_a_backup(int code) =>
        Assert.Contains("Restore it from a backup", SqliteFailure.What(new SqliteException("file is not a database", code)), StringComparison.Ordinal);
}
