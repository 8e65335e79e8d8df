using Ariadne.Remotes;
using Ariadne.Tests.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Cli;

/// <summary><c>ariadne run</c> outside any workspace keeps the command's output log and environment.json where the store keeps artifacts, or says why it cannot.</summary>
public sealed class RunOutsideWorkspaceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_a_tracking_server_the_output_log_and_environment_json_are_artifacts_on_the_server()
    {
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database, new LocalFolderStore(new RemoteSettings("artifacts", _folder.Combine("artifacts"), new Dictionary<string, string>())));
        var outside = _folder.Combine("no-workspace");
        Directory.CreateDirectory(outside);

        var result = CliRunner.RunWithEnvironment(outside, new()
        {
            [TrackingKeys.TrackingUriVariable] = server.Address.ToString(),
            ["ARIADNE_SPOOL_DIR"] = _folder.Combine("spool"),
        }, "run", "-e", "outside", "--", "sh", "-c", "echo trained-outside");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var run = (await database.SearchRunsAsync(new RunSearch([(await database.GetExperimentByNameAsync("outside", default))!.ExperimentId]), default)).Runs.Single();
        var artifacts = (await database.ListArtifactsAsync(run.Info.RunId, default)).Select(a => a.Path).ToList();
        Assert.Contains("logs/output.log", artifacts);
        Assert.Contains("environment.json", artifacts);
        await using var colleague = TrackingClient.ForStore(CheckedTrackingStore.Wrap(new Ariadne.Tracking.Http.HttpTrackingStore(server.Address, null, _folder.Combine("colleague-spool"))));
        await colleague.DownloadArtifactAsync(run.Info.RunId, "logs/output.log", _folder.Combine("output.log"));
        Assert.Equal("trained-outside\n", File.ReadAllText(_folder.Combine("output.log")));
    }

    [Fact]
    public void With_a_store_that_has_no_artifact_location_it_says_why_the_log_is_not_kept()
    {
        var outside = _folder.Combine("no-workspace");
        Directory.CreateDirectory(outside);

        var result = CliRunner.RunWithEnvironment(outside, new()
        {
            [TrackingKeys.TrackingUriVariable] = "sqlite:///" + _folder.Combine("runs.db").TrimStart('/'),
        }, "run", "-e", "outside", "--", "sh", "-c", "echo trained");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("output log (logs/output.log) and environment.json are not kept", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne init", result.Error, StringComparison.Ordinal);
    }
}
