using System.Globalization;
using System.Text;
using Npgsql;

namespace Ariadne.Postgres;

/// <summary>
/// A libpq-style URI (<c>postgresql://user:password@host:port/database?sslmode=require</c>) turned into an Npgsql
/// connection string, plus a display form without the password for messages and logs.
/// </summary>
internal sealed class PostgresConnectionUri
{
    private static readonly Dictionary<string, string> LibpqOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["keepalives_idle"] = "Keepalive",
    };

    private readonly string? _password;

    private PostgresConnectionUri(string connectionString, string display, string? password)
    {
        ConnectionString = connectionString;
        Display = display;
        _password = password;
    }

    /// <summary>The Npgsql connection string (holds the password: never show it).</summary>
    public string ConnectionString { get; }

    /// <summary>The URI without password, for messages: <c>postgresql://user@host:port/database</c>.</summary>
    public string Display { get; }

    /// <summary>Removes the password from <paramref name="text"/> should a message ever echo it.</summary>
    public string Scrub(string text) =>
        string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "***", StringComparison.Ordinal);

    /// <summary>Parses the URI; throws InvalidArgument saying what is wrong (without echoing the password).</summary>
    public static PostgresConnectionUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : uri[..schemeEnd];
        if (!scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("it must start with postgresql:// or postgres://");
        }

        var rest = uri[(schemeEnd + 3)..];
        var query = "";
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        var database = "";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            database = Decode(rest[(slash + 1)..]);
            rest = rest[..slash];
        }

        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Decode(userInfo[(colon + 1)..]);
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var (hosts, port) = ParseHosts(rest);
        if (hosts.Length > 0)
        {
            builder.Host = hosts;
        }

        if (port is not null)
        {
            builder.Port = port.Value;
        }

        if (!string.IsNullOrEmpty(user))
        {
            builder.Username = user;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            Apply(builder, key, value);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            builder.Host = "localhost";
        }

        // Searches are short queries whose cost estimates grow with the store; JIT compiling them costs more than it
        // saves (tens of milliseconds per query), and starting parallel workers for them costs a few milliseconds each
        // and makes the planner flip between plans as statistics change. Both are off unless the URI's options say
        // otherwise.
        AddOption(builder, "jit", "off");
        AddOption(builder, "max_parallel_workers_per_gather", "0");

        return new PostgresConnectionUri(builder.ConnectionString, DisplayOf(builder), builder.Password);
    }

    private static void AddOption(NpgsqlConnectionStringBuilder builder, string setting, string value)
    {
        if (!(builder.Options ?? "").Contains(setting, StringComparison.OrdinalIgnoreCase))
        {
            var option = $"-c {setting}={value}";
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? option : builder.Options + " " + option;
        }
    }

    private static (string Hosts, int? Port) ParseHosts(string hostPart)
    {
        if (hostPart.Length == 0)
        {
            return ("", null);
        }

        var hosts = new List<string>();
        int? singlePort = null;
        var entries = hostPart.Split(',');
        foreach (var entry in entries)
        {
            var host = entry;
            int? port = null;
            if (host.StartsWith('['))
            {
                var close = host.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Invalid($"the IPv6 address in '{host}' has no closing ']'");
                }

                var after = host[(close + 1)..];
                host = host[1..close];
                if (after.StartsWith(':'))
                {
                    port = ParsePort(after[1..]);
                }
            }
            else
            {
                var colon = host.LastIndexOf(':');
                if (colon >= 0)
                {
                    port = ParsePort(host[(colon + 1)..]);
                    host = host[..colon];
                }
            }

            host = Decode(host);
            if (entries.Length == 1)
            {
                singlePort = port;
                hosts.Add(host);
            }
            else
            {
                hosts.Add(port is null ? host : host + ":" + port.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        return (string.Join(',', hosts), singlePort);
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw Invalid($"the port '{text}' is not a number between 1 and 65535");

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
        {
            builder.SslMode = value.ToLowerInvariant() switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                "verify-full" => SslMode.VerifyFull,
                _ => throw Invalid($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
            };
            return;
        }

        var keyword = LibpqOptions.TryGetValue(key, out var mapped) ? mapped : key;
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var shown = keyword.Contains("password", StringComparison.OrdinalIgnoreCase) ? "***" : value;
            throw Invalid($"the option '{key}={shown}' is not valid ({e.Message.Split('\n')[0].Replace(value, shown, StringComparison.Ordinal)}). " +
                $"Use libpq names ({string.Join(", ", LibpqOptions.Keys)}) or Npgsql connection string keywords");
        }
    }

    private static string DisplayOf(NpgsqlConnectionStringBuilder builder)
    {
        var text = new StringBuilder("postgresql://");
        if (!string.IsNullOrEmpty(builder.Username))
        {
            text.Append(Uri.EscapeDataString(builder.Username)).Append('@');
        }

        var host = builder.Host ?? "";
        text.Append(host.Contains(':', StringComparison.Ordinal) && !host.Contains(',', StringComparison.Ordinal) ? "[" + host + "]" : host);
        if (!host.Contains(',', StringComparison.Ordinal))
        {
            text.Append(':').Append(builder.Port.ToString(CultureInfo.InvariantCulture));
        }

        text.Append('/').Append(Uri.EscapeDataString(builder.Database ?? builder.Username ?? ""));
        return text.ToString();
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static AriadneException Invalid(string problem) =>
        AriadneException.InvalidArgument(
            $"The PostgreSQL tracking URI is not valid: {problem}. Expected postgresql://user:password@host:5432/database (options such as ?sslmode=require may follow).");
}
