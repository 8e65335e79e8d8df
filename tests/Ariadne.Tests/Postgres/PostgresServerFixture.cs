using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ariadne.Tests.Postgres;

/// <summary>
/// A real PostgreSQL 15 server for the tests: a fresh cluster (initdb) in a temporary folder owned by the postgres
/// user, started with pg_ctl on 127.0.0.1 and a free port, and stopped and removed afterwards. Run as root, initdb and
/// pg_ctl run as postgres through runuser (PostgreSQL refuses to run as root); as any other user they run as that
/// user. Each test asks for its own role and database (<see cref="CreateDatabaseAsync"/>), so tests never share data.
/// Durability is off (fsync, synchronous_commit, full_page_writes): a crashed test server is thrown away anyway.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>Where Debian's postgresql-15 package installs its programs; ARIADNE_PG_BIN overrides it.</summary>
    public const string DefaultBinFolder = "/usr/lib/postgresql/15/bin";

    private const string Superuser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _superPassword = "pw-" + Guid.NewGuid().ToString("N");
    private readonly bool _asRoot = Environment.UserName == "root";
    private NpgsqlDataSource? _admin;
    private int _databases;

    /// <summary>The temporary folder holding data/, socket/ and log/; removed on dispose.</summary>
    public string Root { get; } = Path.Combine(TempBase, "ariadne-pg", Guid.NewGuid().ToString("N")[..12]);

    public string BinFolder { get; } = Environment.GetEnvironmentVariable("ARIADNE_PG_BIN") is { Length: > 0 } bin ? bin : DefaultBinFolder;

    public int Port { get; private set; }

    /// <summary>As root, /tmp: the postgres user must be able to reach the cluster, and $TMPDIR may be private to root.</summary>
    private static string TempBase => Environment.UserName == "root" ? "/tmp" : Path.GetTempPath();

    private string DataFolder => Path.Combine(Root, "data");

    private string SocketFolder => Path.Combine(Root, "socket");

    private string LogFile => Path.Combine(Root, "log", "postgres.log");

    public async Task InitializeAsync()
    {
        var initdb = Path.Combine(BinFolder, "initdb");
        var pgCtl = Path.Combine(BinFolder, "pg_ctl");
        if (!File.Exists(initdb) || !File.Exists(pgCtl))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed: {initdb} and {pgCtl} are needed to start a test server, so the PostgreSQL tests cannot run. " +
                "Install it with 'apt-get install -y postgresql' (Debian 12 ships version 15), or run ./run-tests, which installs it; " +
                "set ARIADNE_PG_BIN to use binaries from another folder.");
        }

        RemoveStaleClusters();
        Directory.CreateDirectory(Path.GetDirectoryName(Root)!);
        File.SetUnixFileMode(Path.GetDirectoryName(Root)!, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        Directory.CreateDirectory(DataFolder);
        Directory.CreateDirectory(SocketFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        var passwordFile = Path.Combine(Root, "superuser-password");
        await File.WriteAllTextAsync(passwordFile, _superPassword);
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(DataFolder, (UnixFileMode)0b111_000_000);
        if (_asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", Root], "give the test cluster's folders to the postgres user");
        }

        await RunPostgresToolAsync(initdb, [
            "-D", DataFolder, "-U", Superuser, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        ], "initdb (create the test cluster)");
        File.Delete(passwordFile);

        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            try
            {
                var options = string.Join(' ',
                    $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                    $"-k {SocketFolder}",
                    "-c listen_addresses=127.0.0.1",
                    "-c max_connections=400",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c shared_buffers=256MB");
                await RunPostgresToolAsync(pgCtl, ["start", "-w", "-t", "60", "-D", DataFolder, "-l", LogFile, "-o", options], "pg_ctl start");
                lastFailure = null;
                break;
            }
            catch (InvalidOperationException e)
            {
                // Most likely another process took the port between probing and binding: try another one.
                lastFailure = e;
            }
        }

        if (lastFailure is not null)
        {
            throw lastFailure;
        }

        _admin = NpgsqlDataSource.Create(ConnectionString(Superuser, _superPassword, "postgres"));
        await WaitUntilAcceptingAsync();
    }

    /// <summary>A fresh role with a password and a database it owns; returns the <c>postgresql://</c> URI for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..8]}";
        var password = "secret-" + Guid.NewGuid().ToString("N")[..12];
        await using (var create = Admin.CreateCommand($"CREATE ROLE {name} LOGIN PASSWORD '{password}'"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var create = Admin.CreateCommand($"CREATE DATABASE {name} OWNER {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        return $"postgresql://{name}:{password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{name}";
    }

    /// <summary>Drops the database and role <see cref="CreateDatabaseAsync"/> made for <paramref name="uri"/> (its connections too).</summary>
    public async Task DropDatabaseAsync(string uri)
    {
        var name = DatabaseOf(uri);
        await using (var drop = Admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var drop = Admin.CreateCommand($"DROP ROLE IF EXISTS {name}"))
        {
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The database name of a URI from <see cref="CreateDatabaseAsync"/>.</summary>
    public static string DatabaseOf(string uri) => uri[(uri.LastIndexOf('/') + 1)..];

    /// <summary>A superuser connection to the server's maintenance database (for arranging and inspecting).</summary>
    public NpgsqlDataSource Admin => _admin ?? throw new InvalidOperationException("The server is started in InitializeAsync.");

    /// <summary>An Npgsql data source on <paramref name="database"/> as the superuser, for arranging data outside the store under test.</summary>
    public NpgsqlDataSource OpenDatabase(string database) => NpgsqlDataSource.Create(ConnectionString(Superuser, _superPassword, database));

    /// <summary>
    /// Stores <paramref name="status"/> as the run's status past the store (dropping the schema's check on the column,
    /// as a newer schema with more statuses would), so a test sees how a store reads a value it does not know.
    /// </summary>
    public Task SetStoredRunStatusAsync(string uri, string runId, string status) => SetStoredRunColumnAsync(uri, runId, "status", status);

    /// <summary>Stores <paramref name="stage"/> as the run's lifecycle stage past the store, as <see cref="SetStoredRunStatusAsync"/> does the status.</summary>
    public Task SetStoredRunStageAsync(string uri, string runId, string stage) => SetStoredRunColumnAsync(uri, runId, "lifecycle_stage", stage);

    private async Task SetStoredRunColumnAsync(string uri, string runId, string column, string value)
    {
        await using var database = OpenDatabase(DatabaseOf(uri));
        await using (var dropCheck = database.CreateCommand($"ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_{column}_check"))
        {
            await dropCheck.ExecuteNonQueryAsync();
        }

        await using var update = database.CreateCommand($"UPDATE runs SET {column} = $1 WHERE run_id = $2");
        update.Parameters.Add(new NpgsqlParameter { Value = value });
        update.Parameters.Add(new NpgsqlParameter { Value = runId });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            {
                await RunPostgresToolAsync(Path.Combine(BinFolder, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", DataFolder], "pg_ctl stop");
            }
        }
        finally
        {
            DeleteQuietly(Root);
        }
    }

    private string ConnectionString(string user, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = user,
        Password = password,
        Database = database,
        Pooling = true,
    }.ConnectionString;

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var command = Admin.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s ({e.Message}). Its log:{Environment.NewLine}{ReadLog()}", e);
            }
        }
    }

    /// <summary>Runs initdb or pg_ctl: as the postgres user (through runuser) when the tests run as root.</summary>
    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, string what) =>
        _asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], what)
            : RunAsync(tool, arguments, what);

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, string what)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Process.Start returned no process for {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{program}' to {what} ({e.Message}). The PostgreSQL tests need it: install PostgreSQL 15 with 'apt-get install -y postgresql'.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{program} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode} while trying to {what}:{Environment.NewLine}" +
                    $"{await output}{await error}{Environment.NewLine}Server log:{Environment.NewLine}{ReadLog()}");
            }
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log yet)";
        }
        catch (IOException e)
        {
            return $"(could not read {LogFile}: {e.Message})";
        }
    }

    /// <summary>Removes clusters left behind by test runs that were killed: their postmaster is no longer running.</summary>
    private static void RemoveStaleClusters()
    {
        var parent = Path.Combine(TempBase, "ariadne-pg");
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var cluster in Directory.EnumerateDirectories(parent))
        {
            var pidFile = Path.Combine(cluster, "data", "postmaster.pid");
            try
            {
                if (File.Exists(pidFile)
                    && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && Directory.Exists($"/proc/{pid}"))
                {
                    continue;
                }

                if (Directory.GetLastWriteTimeUtc(cluster) < DateTime.UtcNow.AddMinutes(-10))
                {
                    DeleteQuietly(cluster);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's cluster, or one being removed: leave it.
            }
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
