namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    // A committed write (not a rolled-back one, which may never reach the disk): a read-only or deleted file, or a
    // disk that cannot take the write-ahead log's next page, fails here as every other write would.
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        WriteAsync(session => session.Execute(
            "INSERT INTO store_health (id, checked_at) VALUES (1, @now) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
            ("@now", Now)), cancellationToken);
}
