using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ariadne.Bench.Tracking;

/// <summary>The peers: the sqlite3 and psql command-line programs, and how their timings are read back.</summary>
internal static partial class Tools
{
    /// <summary>The PostgreSQL server the script started, from PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE; null when none.</summary>
    public static string? PostgresUri()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        var port = Environment.GetEnvironmentVariable("PGPORT");
        var user = Environment.GetEnvironmentVariable("PGUSER");
        var password = Environment.GetEnvironmentVariable("PGPASSWORD");
        var database = Environment.GetEnvironmentVariable("PGDATABASE");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password) || string.IsNullOrEmpty(database))
        {
            return null;
        }

        return $"postgresql://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{host}:{port}/{Uri.EscapeDataString(database)}";
    }

    /// <summary>Runs a script in the sqlite3 shell on <paramref name="database"/>; throws when it fails.</summary>
    public static Task<string> Sqlite3Async(string sqliteFile, string script) =>
        RunAsync("sqlite3", ["-bail", "-batch", sqliteFile], script, null);

    /// <summary>Runs a script in psql as the store's role, over TCP on 127.0.0.1 (the PG* variables) and with jit=off and no parallel workers, as the store connects.</summary>
    public static Task<string> PsqlAsync(string script) =>
        RunAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], script, new Dictionary<string, string?> { ["PGOPTIONS"] = "-c jit=off -c max_parallel_workers_per_gather=0" });

    /// <summary>Runs a script in psql as the superuser over the server's Unix socket (BENCH_PG_SOCKET), for seeding and VACUUM.</summary>
    public static Task<string> PsqlAdminAsync(string script)
    {
        var socket = Environment.GetEnvironmentVariable("BENCH_PG_SOCKET")
            ?? throw new InvalidOperationException("BENCH_PG_SOCKET (the server's socket folder) is not set.");
        var environment = new Dictionary<string, string?> { ["PGHOST"] = socket, ["PGUSER"] = "postgres", ["PGPASSWORD"] = null };
        return RunAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], script, environment);
    }

    /// <summary>Seconds of every statement the sqlite3 shell timed (<c>.timer on</c>: "Run Time: real S ...").</summary>
    public static List<double> SqliteTimes(string output) =>
        [.. SqliteTimer().Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>Seconds of every statement psql timed (<c>\timing on</c>: "Time: MS ms").</summary>
    public static List<double> PsqlTimes(string output) =>
        [.. PsqlTimer().Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1000)];

    /// <summary>The first line of a program's version output, or why there is none.</summary>
    public static string Version(string program, params string[] arguments)
    {
        try
        {
            return RunAsync(program, arguments, null, null).GetAwaiter().GetResult().Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "not available";
        }
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var text = await output.ConfigureAwait(false);
        var problems = await error.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:{Environment.NewLine}{Tail(problems)}{Tail(text)}");
        }

        return text;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    [GeneratedRegex(@"^Run Time: real ([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex SqliteTimer();

    [GeneratedRegex(@"^Time: ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex PsqlTimer();
}
