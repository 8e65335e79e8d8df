using Ariadne.Postgres;
using Npgsql;

namespace Ariadne.Tests.Postgres;

/// <summary>Tracking URIs as users write them (libpq's form) become Npgsql connection strings; messages never show the password.</summary>
public sealed class PostgresConnectionUriTests
{
    [Fact]
    public void Full_uri_sets_user_password_host_port_and_database()
    {
        var uri = PostgresConnectionUri.Parse("postgresql://alice:s3cret@db.example.org:5433/tracking");

        var builder = new NpgsqlConnectionStringBuilder(uri.ConnectionString);
        Assert.Equal("db.example.org", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("alice", builder.Username);
        Assert.Equal("s3cret", builder.Password);
        Assert.Equal("tracking", builder.Database);
        Assert.Equal("postgresql://alice@db.example.org:5433/tracking", uri.Display);
    }

    [Fact]
    public void Postgres_scheme_defaults_port_5432_and_host_localhost()
    {
        var withHost = PostgresConnectionUri.Parse("postgres://bob@pg/ariadne");
        var withoutHost = PostgresConnectionUri.Parse("postgresql:///ariadne");

        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(withHost.ConnectionString).Port);
        Assert.Equal("postgresql://bob@pg:5432/ariadne", withHost.Display);
        Assert.Equal("localhost", new NpgsqlConnectionStringBuilder(withoutHost.ConnectionString).Host);
    }

    [Fact]
    public void Percent_encoded_and_raw_at_signs_in_the_password_are_understood()
    {
        var encoded = new NpgsqlConnectionStringBuilder(PostgresConnectionUri.Parse("postgresql://alice:p%40ss%3Aw%2Frd@h/db").ConnectionString);
        var raw = new NpgsqlConnectionStringBuilder(PostgresConnectionUri.Parse("postgresql://alice:p@ss@h/db").ConnectionString);

        Assert.Equal("p@ss:w/rd", encoded.Password);
        Assert.Equal("p@ss", raw.Password);
        Assert.Equal("h", raw.Host);
    }

    [Fact]
    public void Query_options_map_libpq_names_and_accept_npgsql_keywords()
    {
        var uri = PostgresConnectionUri.Parse(
            "postgresql://alice@h/db?sslmode=verify-full&application_name=ariadne&connect_timeout=7&Maximum%20Pool%20Size=5&options=-c%20search_path%3Dtracking");

        var builder = new NpgsqlConnectionStringBuilder(uri.ConnectionString);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("ariadne", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal(5, builder.MaxPoolSize);
        Assert.Contains("search_path=tracking", builder.Options, StringComparison.Ordinal);
        Assert.Contains("jit=off", builder.Options, StringComparison.Ordinal);
        Assert.Contains("max_parallel_workers_per_gather=0", builder.Options, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_hosts_and_several_hosts_are_kept()
    {
        var ipv6 = new NpgsqlConnectionStringBuilder(PostgresConnectionUri.Parse("postgresql://u@[::1]:6543/db").ConnectionString);
        var several = new NpgsqlConnectionStringBuilder(PostgresConnectionUri.Parse("postgresql://u@primary:5433,standby:5434/db?target_session_attrs=primary").ConnectionString);

        Assert.Equal("::1", ipv6.Host);
        Assert.Equal(6543, ipv6.Port);
        Assert.Equal("primary:5433,standby:5434", several.Host);
    }

    [Theory]
    [InlineData("mysql://alice:TopSecret42@h/db", "postgresql://")]
    [InlineData("postgresql://alice:TopSecret42@h:99999/db", "port")]
    [InlineData("postgresql://alice:TopSecret42@h/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgresql://alice:TopSecret42@h/db?no_such_option=1", "no_such_option")]
    public void Malformed_uris_are_invalid_arguments_that_do_not_show_the_password(string text, string expected)
    {
        var error = Assert.Throws<AriadneException>(() => PostgresConnectionUri.Parse(text));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_removes_the_password_from_any_text()
    {
        var uri = PostgresConnectionUri.Parse("postgresql://alice:TopSecret42@h/db");

        Assert.Equal("failed for *** here", uri.Scrub("failed for TopSecret42 here"));
    }
}
