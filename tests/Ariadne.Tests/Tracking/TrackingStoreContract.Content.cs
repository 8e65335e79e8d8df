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

    [Fact]
    public async Task Content_trace_gives_the_whole_closure_downstream_and_upstream_in_one_call_and_ends_on_cycles()
    {
        // raw -> a -> x -> b -> y -> c -> z, a branch raw -> d -> w, an unrelated run, and a cycle p -> q -> p.
        string H(char c) => new(c, 64);
        var experimentId = await NewExperimentAsync();
        var (a, b, c, d, e, f, g) = (await NewRunAsync(experimentId, "a"), await NewRunAsync(experimentId, "b"), await NewRunAsync(experimentId, "c"),
            await NewRunAsync(experimentId, "d"), await NewRunAsync(experimentId, "e"), await NewRunAsync(experimentId, "f"), await NewRunAsync(experimentId, "g"));
        var (raw, x, y, z, w, log, p, q) = (H('0'), H('1'), H('2'), H('3'), H('4'), H('5'), H('6'), H('7'));
        await Store.LogInputsAsync(a.RunId, [new RunInput(raw, "dep", "data/raw.csv")], None);
        await Store.LogArtifactsAsync(a.RunId, [new RunArtifact("outs/x", x, 11), new RunArtifact("logs/output.log", log, 5)], None);
        await Store.LogInputsAsync(b.RunId, [new RunInput(x, "dep", "x")], None);
        await Store.LogArtifactsAsync(b.RunId, [new RunArtifact("outs/y", y, 12)], None);
        await Store.LogInputsAsync(c.RunId, [new RunInput(y, "train", "y")], None);
        await Store.LogArtifactsAsync(c.RunId, [new RunArtifact("model/z", z, 13)], None);
        await Store.LogInputsAsync(d.RunId, [new RunInput(raw, "dep", "data/raw.csv")], None);
        await Store.LogArtifactsAsync(d.RunId, [new RunArtifact("w", w, 14)], None);
        await Store.LogArtifactsAsync(e.RunId, [new RunArtifact("unrelated", H('8'), 1)], None);
        await Store.LogInputsAsync(f.RunId, [new RunInput(p, "dep", "p")], None);
        await Store.LogArtifactsAsync(f.RunId, [new RunArtifact("q", q, 2)], None);
        await Store.LogInputsAsync(g.RunId, [new RunInput(q, "dep", "q")], None);
        await Store.LogArtifactsAsync(g.RunId, [new RunArtifact("p", p, 3)], None);

        var down = await Store.TraceContentAsync([raw], ContentDirection.Read, None);
        var up = await Store.TraceContentAsync([z], ContentDirection.Written, None);
        var cycle = await Store.TraceContentAsync([p], ContentDirection.Read, None);

        // Downstream: every read of a reached hash, and every artifact (with its size) of the runs that read them.
        Assert.Equal(
            new[] { (raw, a.RunId), (raw, d.RunId), (x, b.RunId), (y, c.RunId) }.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal),
            down.Where(r => r.Direction == ContentDirection.Read).Select(r => (r.Hash, r.RunId)));
        Assert.Equal(
            new[] { (x, a.RunId, 11L), (log, a.RunId, 5L), (y, b.RunId, 12L), (z, c.RunId, 13L), (w, d.RunId, 14L) }.OrderBy(r => r.Item1, StringComparer.Ordinal),
            down.Where(r => r.Direction == ContentDirection.Written).Select(r => (r.Hash, r.RunId, r.Size!.Value)));
        Assert.Equal(ContentDirection.Read, down[0].Direction);
        Assert.Contains(new ContentRecord(y, c.RunId, ContentDirection.Read, "y", "train"), down);

        // Upstream: every write of a reached hash (with its size), and every input of the runs that wrote them.
        Assert.Equal(
            new[] { (x, a.RunId, "outs/x"), (y, b.RunId, "outs/y"), (z, c.RunId, "model/z") },
            up.Where(r => r.Direction == ContentDirection.Written).Select(r => (r.Hash, r.RunId, r.Path!)));
        Assert.Equal(
            new[] { (raw, a.RunId), (x, b.RunId), (y, c.RunId) },
            up.Where(r => r.Direction == ContentDirection.Read).Select(r => (r.Hash, r.RunId)));

        // A run that (through another) reads its own output: the trace ends, each record once.
        Assert.Equal(4, cycle.Count);
        Assert.Equal(4, cycle.Distinct().Count());
        var many = await Assert.ThrowsAsync<AriadneException>(() => Store.TraceContentAsync([.. Enumerable.Range(0, 1001).Select(i => i.ToString("x64"))], ContentDirection.Read, None));
        Assert.Equal(ErrorCode.InvalidArgument, many.Code);
    }
}
