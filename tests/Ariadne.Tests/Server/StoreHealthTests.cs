using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>A store that can no longer keep what it is given says so: writes fail loudly and /health is 503.</summary>
public sealed class StoreHealthTests
{
    [Fact]
    public async Task With_the_database_files_deleted_writes_fail_loudly_and_health_is_503()
    {
        using var folder = new TempFolder();
        var database = folder.Combine("tracking.db");
        await using var api = await ServerUnderTest.StartAsync(TrackingStoreRegistry.Open("sqlite:///" + database.TrimStart('/')));
        (await api.PostAsync("experiments/create", """{"name": "before"}""")).EnsureOk();
        using (var healthy = await api.Http.GetAsync("/health"))
        {
            Assert.Equal(200, (int)healthy.StatusCode);
        }

        foreach (var file in Directory.GetFiles(folder.Path, "tracking.db*"))
        {
            File.Delete(file);
        }

        var write = await api.PostAsync("experiments/create", """{"name": "after"}""");
        using var health = await api.Http.GetAsync("/health");

        Assert.Equal(500, write.Status);
        Assert.Contains("deleted or moved", write["message"].GetString(), StringComparison.Ordinal);
        Assert.Equal(503, (int)health.StatusCode);
        await api.Store.DisposeAsync();
    }
}
