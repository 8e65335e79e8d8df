using Ariadne.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>Opening tracking stores by URI through <see cref="TrackingStoreRegistry"/>.</summary>
public sealed class SqliteStoreUriTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Sqlite_uri_with_three_slashes_names_an_absolute_path()
    {
        var file = _temp.Combine("abs", "store.db");

        await using (var store = TrackingStoreRegistry.Open("sqlite://" + file))
        {
            await store.CreateExperimentAsync("x", null, CancellationToken.None);
        }

        Assert.True(File.Exists(file));
        Assert.Equal(file, SqliteStore.PathFromUri("sqlite://" + file));
    }

    [Fact]
    public void SQLAlchemy_style_four_slashes_is_the_same_absolute_path()
    {
        Assert.Equal("/data/runs/mlflow.db", SqliteStore.PathFromUri("sqlite:////data/runs/mlflow.db"));
        Assert.Equal("/data/runs/mlflow.db", SqliteStore.PathFromUri("sqlite:///data/runs/mlflow.db"));
    }

    [Fact]
    public void Sqlite_uri_with_two_slashes_is_relative_to_the_current_folder()
    {
        Assert.Equal(Path.GetFullPath("runs/ariadne.db"), SqliteStore.PathFromUri("sqlite://runs/ariadne.db"));
    }

    [Fact]
    public void Percent_escapes_and_query_strings_are_handled()
    {
        Assert.Equal("/data/my runs/x.db", SqliteStore.PathFromUri("sqlite:///data/my%20runs/x.db?mode=rw"));
    }

    [Fact]
    public async Task Plain_path_ending_in_db_opens_a_sqlite_store()
    {
        var file = _temp.Combine("plain.db");

        await using (var store = TrackingStoreRegistry.Open(file))
        {
            Assert.NotNull(await store.GetExperimentAsync("0", CancellationToken.None));
        }

        Assert.True(File.Exists(file));
        Assert.Equal("sqlite", TrackingStoreRegistry.SchemeOf(file));
    }

    [Theory]
    [InlineData("gopher://host/store")]
    [InlineData("some/folder")]
    public void Unknown_scheme_error_lists_the_known_ones(string uri)
    {
        var error = Assert.Throws<AriadneException>(() => TrackingStoreRegistry.Open(uri));

        Assert.Equal(ErrorCode.UnknownScheme, error.Code);
        Assert.Contains("sqlite://", error.Message, StringComparison.Ordinal);
        Assert.Contains(uri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_uri_without_a_file_is_invalid()
    {
        var error = Assert.Throws<AriadneException>(() => TrackingStoreRegistry.Open("sqlite://"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Registered_scheme_gets_the_whole_uri()
    {
        string? seen = null;
        var file = _temp.Combine("plugin.db");
        TrackingStoreRegistry.Register("ariadne-test-plugin", uri =>
        {
            seen = uri;
            return SqliteStore.Open(file);
        });

        await using (TrackingStoreRegistry.Open("ariadne-test-plugin://user@host:5432/db?x=1"))
        {
        }

        Assert.Equal("ariadne-test-plugin://user@host:5432/db?x=1", seen);
        Assert.Contains("ariadne-test-plugin", TrackingStoreRegistry.KnownSchemes);
        Assert.True(TrackingStoreRegistry.IsKnown("SQLITE"));
    }

    public void Dispose() => _temp.Dispose();
}
