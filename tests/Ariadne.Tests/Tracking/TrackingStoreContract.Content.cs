using Ariadne.Tracking;
using Xunit;

namespace Ariadne.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    [Fact]
    public async Task Content_index_finds_the_runs_that_wrote_a_hash_and_the_runs_that_read_it()
    {
        var experimentId = await NewExperimentAsync();
        var writer = await NewRunAsync(experimentId, "clean");
        var reader = await NewRunAsync(experimentId, "train");
        var other = await NewRunAsync(experimentId, "other");
        var clean = new string('c', 64);
        var raw = new string('a', 64);
        await Store.LogInputsAsync(writer.RunId, [new RunInput(raw, "dep", "data/raw.csv")], None);
        await Store.LogArtifactsAsync(writer.RunId, [new RunArtifact("outs/data/clean.csv", clean, 10), new RunArtifact("logs/output.log", new string('1', 64), 5)], None);
        await Store.LogInputsAsync(reader.RunId, [new RunInput(clean, "train", "data/clean.csv")], None);
        await Store.LogArtifactsAsync(other.RunId, [new RunArtifact("copy.csv", clean, 10)], None);

        var written = await Store.FindContentAsync([clean, raw], ContentDirection.Written, None);
        var read = await Store.FindContentAsync([clean, raw, new string('f', 64)], ContentDirection.Read, None);

        Assert.Equal(
            new[] { (clean, writer.RunId, "outs/data/clean.csv"), (clean, other.RunId, "copy.csv") }.OrderBy(x => x.Item2, StringComparer.Ordinal),
            written.Select(r => (r.Hash, r.RunId, r.Path!)));
        Assert.All(written, r => Assert.Equal(ContentDirection.Written, r.Direction));
        Assert.Equal(
            new[] { new ContentRecord(raw, writer.RunId, ContentDirection.Read, "data/raw.csv", "dep"), new ContentRecord(clean, reader.RunId, ContentDirection.Read, "data/clean.csv", "train") }
                .OrderBy(r => r.Hash, StringComparer.Ordinal),
            read);
        Assert.Empty(await Store.FindContentAsync([new string('f', 64)], ContentDirection.Written, None));
    }

    [Fact]
    public async Task Content_index_keeps_deleted_runs_so_lineage_can_name_them()
    {
        var run = await NewRunAsync();
        var hash = new string('b', 64);
        await Store.LogArtifactsAsync(run.RunId, [new RunArtifact("model.zip", hash, 3)], None);
        await Store.SetRunLifecycleAsync(run.RunId, LifecycleStage.Deleted, None);

        Assert.Equal(run.RunId, (await Store.FindContentAsync([hash], ContentDirection.Written, None)).Single().RunId);
    }

    [Fact]
    public async Task Content_index_refuses_an_empty_lookup_and_one_of_more_than_a_thousand_hashes()
    {
        var empty = await Assert.ThrowsAsync<AriadneException>(() => Store.FindContentAsync([], ContentDirection.Read, None));
        var many = await Assert.ThrowsAsync<AriadneException>(() => Store.FindContentAsync([.. Enumerable.Range(0, 1001).Select(i => i.ToString("x64"))], ContentDirection.Read, None));
        var blank = await Assert.ThrowsAsync<AriadneException>(() => Store.FindContentAsync([" "], ContentDirection.Written, None));

        Assert.All([empty, many, blank], e => Assert.Equal(ErrorCode.InvalidArgument, e.Code));
        Assert.Contains("1 to 1000 hashes, not 1001", many.Message, StringComparison.Ordinal);
        Assert.Contains("empty hash", blank.Message, StringComparison.Ordinal);
    }
}
