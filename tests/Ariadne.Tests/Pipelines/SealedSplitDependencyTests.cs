using Ariadne.Data.Holdout;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Pipelines;

/// <summary>
/// A stage that depends on a split folder depends on its sealed part too, though the part's bytes live in the content
/// cache: the folder holds the sealed pointer (test.csv.sealed), whose hash changes with the part, so a new sealed
/// part makes the stage run again without the pipeline reading the sealed bytes.
/// </summary>
public sealed class SealedSplitDependencyTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void Split(Func<int, int> x)
    {
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{x(i)}")) + "\n");
        _ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "5");
    }

    private HashSet<int> PlainIds() =>
        [.. new[] { "split/train.csv", "split/validation.csv" }
            .SelectMany(file => File.ReadAllLines(_ws.Path(file)).Skip(1))
            .Where(line => line.Length > 0)
            .Select(line => int.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task A_stage_depending_on_a_split_folder_runs_again_when_only_the_sealed_part_changes()
    {
        Split(i => i * 7);
        _ws.Write("ariadne.yaml", """
            stages:
              listing:
                cmd: ls split > listing.txt
                deps: [split]
                outs: [listing.txt]
            """);
        _ws.CliOk("repro");
        Assert.Contains("Everything is up to date.", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        var train = _ws.Read("split/train.csv");
        var validation = _ws.Read("split/validation.csv");
        var pointer = _ws.Read("split/test.csv.sealed");

        // Change only the rows of the sealed part: the plain parts come out byte for byte the same.
        var plain = PlainIds();
        Split(i => plain.Contains(i) ? i * 7 : i * 7 + 1);

        Assert.Equal(train, _ws.Read("split/train.csv"));
        Assert.Equal(validation, _ws.Read("split/validation.csv"));
        Assert.NotEqual(pointer, _ws.Read("split/test.csv.sealed"));
        Assert.False(File.Exists(_ws.Path("split/test.csv")));
        var again = _ws.CliOk("repro").Out;
        Assert.Contains("Stage 'listing'", again, StringComparison.Ordinal);
        Assert.Contains("dependency 'split' changed", again, StringComparison.Ordinal);
        Assert.Contains("Everything is up to date.", _ws.CliOk("repro").Out, StringComparison.Ordinal);

        // The pipeline hashed the pointer, not the sealed bytes: nothing was read from the sealed part.
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        Assert.Equal(0, await SealedTestSet.Open(_ws.Path("split/split.json"), tracking).CountReadsAsync());
    }
}
