using System.Diagnostics;
using Ariadne.Data.Holdout;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// Sealed-set reads through a tracking server (ARIADNE_TRACKING_URI=http://...): every reader, whichever process,
/// spends the one budget kept in the server's store, and the store refuses the read over it.
/// </summary>
public sealed class HoldoutOverServerTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>'ariadne holdout read' in its own process, pointed at the server by the environment alone.</summary>
    private CliRunner.Result HoldoutReadInAnotherProcess(Uri server, string model)
    {
        var start = CliRunner.ProcessStart(_ws.Root, "holdout", "read", "split", "--model", model, "--metric", "acc", "-o", $"scores/{model}.csv");
        start.Environment["ARIADNE_TRACKING_URI"] = server.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "ariadne holdout read did not finish in 3 minutes.");
        return new CliRunner.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public async Task Reads_from_the_cli_and_the_sdk_through_a_server_spend_the_one_budget_in_its_store_which_refuses_the_read_over_it()
    {
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i * 5}")) + "\n");
        _ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "2");
        var manifest = _ws.Path("split/split.json");
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + _ws.Outside("server.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database);

        // Read 1: the CLI, in another process. Read 2: the SDK, in this one.
        var first = HoldoutReadInAnotherProcess(server.Address, "cli-model");
        Assert.True(first.ExitCode == 0, first.Error);
        await using (var tracking = TrackingClient.Open(server.Address.ToString(), _ws.Root))
        {
            using var read = await SealedTestSet.Open(manifest, tracking).ReadAsync("sdk-model", "acc");
            Assert.Equal(File.ReadAllBytes(_ws.Path("scores/cli-model.csv")), File.ReadAllBytes(read.Path));
        }

        // The budget is spent: both processes are refused, and the refusals record nothing.
        var third = HoldoutReadInAnotherProcess(server.Address, "late-cli");
        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("has used its budget of 2 access(es) (2 so far)", third.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("scores/late-cli.csv")));
        await using (var tracking = TrackingClient.Open(server.Address.ToString(), _ws.Root))
        {
            var refused = await Assert.ThrowsAsync<AriadneException>(() => SealedTestSet.Open(manifest, tracking).ReadAsync("late-sdk", "acc"));
            Assert.Equal(ErrorCode.HoldoutBudgetExceeded, refused.Code);
        }

        // The ledger is the server's: two reads, one per process, and none in the workspace's own store.
        var reads = await SealedTestSet.Open(manifest, database).ListReadsAsync();
        Assert.Equal(["cli-model", "sdk-model"], reads.Select(r => r.Model).Order(StringComparer.Ordinal));
        await using var local = TrackingClient.Open(folder: _ws.Root);
        Assert.Equal(0, await SealedTestSet.Open(manifest, local).CountReadsAsync());
    }
}
