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

    [Fact]
    public async Task On_a_full_disk_health_is_503_and_says_why_and_200_again_once_there_is_room()
    {
        // Given a server whose SQLite store lies on its own small tmpfs (tests run as root, so they can mount one)
        using var folder = new TempFolder();
        var mount = folder.Combine("fs");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount);
        try
        {
            await using var api = await ServerUnderTest.StartAsync(TrackingStoreRegistry.Open("sqlite:///" + Path.Combine(mount, "tracking.db").TrimStart('/')));
            (await api.PostAsync("experiments/create", """{"name": "before"}""")).EnsureOk();
            using (var healthy = await api.Http.GetAsync("/health"))
            {
                Assert.Equal(200, (int)healthy.StatusCode);
            }

            // When another program fills the disk to the last byte
            var filler = Path.Combine(mount, "filler");
            Fill(filler);

            // Then /health answers 503 with the store's reason, where a read alone would have said OK, and reads still work
            using (var health = await api.Http.GetAsync("/health"))
            {
                Assert.Equal(503, (int)health.StatusCode);
                Assert.Contains("SQLITE_FULL", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            (await api.PostAsync("experiments/search", """{"max_results": 10}""")).EnsureOk();

            // And once there is room again, so is the server
            File.Delete(filler);
            using (var again = await api.Http.GetAsync("/health"))
            {
                Assert.Equal(200, (int)again.StatusCode);
            }

            (await api.PostAsync("experiments/create", """{"name": "after"}""")).EnsureOk();
            await api.Store.DisposeAsync();
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    private static void Fill(string path)
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // The disk is full; fill what a smaller write still fits.
        }

        try
        {
            while (true)
            {
                file.Write(block.AsSpan(0, 512));
            }
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed: {error}");
    }
}
