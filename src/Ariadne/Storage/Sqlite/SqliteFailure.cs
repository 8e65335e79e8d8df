using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

/// <summary>SQLite errors in words an operator can act on: disk full, read-only, I/O, damage, too large.</summary>
internal static class SqliteFailure
{
    /// <summary>What happened, by SQLite's primary result code, and what to do about it; only damage suggests a backup.</summary>
    public static string What(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        13 => "the disk holding the database is full (SQLITE_FULL); nothing of this change was written. Free space on that disk and retry",
        8 => "the database is read-only (SQLITE_READONLY): its file, its folder or the mount cannot be written by this process. Give the server's user write access",
        10 => $"the disk reported an I/O error (SQLITE_IOERR: {e.Message}). Check the disk and that the database files were not removed while the store was open",
        14 => $"the database file could not be opened (SQLITE_CANTOPEN: {e.Message}). Check that its folder exists and can be written",
        11 or 26 => $"the database file is damaged or is not an Ariadne database ({e.Message}). Restore it from a backup, or move it away to start a new store",
        18 => "the request is too large for SQLite (SQLITE_TOOBIG). Send smaller values or batches",
        _ => e.Message.Contains("too many SQL variables", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("too large", StringComparison.OrdinalIgnoreCase)
            ? $"the query is too large for SQLite ({e.Message}). Narrow the search: fewer ids or values"
            : e.Message,
    };
}
