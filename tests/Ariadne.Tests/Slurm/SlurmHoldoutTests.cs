using Ariadne.Data.Holdout;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Slurm;

/// <summary>A stage that runs as a Slurm job reads the sealed test set into the workspace's one ledger.</summary>
[Trait("Service", "Slurm")]
[Collection(SlurmClusterCollection.Name)]
public sealed class SlurmHoldoutTests(SlurmClusterFixture cluster) : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Reads_from_slurm_jobs_of_the_workspace_and_its_working_copies_spend_one_budget()
    {
        Assert.NotNull(cluster);
        var ariadne = $"dotnet {Path.Combine(AppContext.BaseDirectory, "ariadne.dll")}";
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i}")) + "\n");
        _ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "2");
        _ws.Write("params.yaml", "model: a\n");
        _ws.Write("ariadne.yaml", $"stages:\n  test:\n    cmd: {ariadne} holdout read split/split.json --model job --metric acc > read.txt\n    deps: [split]\n    params: [model]\n    outs: [read.txt]\n");

        _ws.CliOk("repro", "--executor", "slurm");
        _ws.CliOk("exp", "run", "-S", "model=b", "--executor", "slurm", "--read-sealed", "second model, checked on the cluster");
        var third = _ws.Cli("exp", "run", "-S", "model=c", "--executor", "slurm", "--read-sealed", "third");

        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("budget of 2", third.Out + third.Error);
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var reads = await SealedTestSet.Open(_ws.Path("split/split.json"), tracking).ListReadsAsync();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.NotNull(r.RunId));
        Assert.False(Directory.Exists(_ws.Path(".ariadne/exps")));
    }
}
