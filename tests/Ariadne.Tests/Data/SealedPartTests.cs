using Ariadne.Content;
using Ariadne.Data.Holdout;
using Ariadne.Data.Splitting;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Data;

/// <summary>
/// The sealed part of a split is no plain file in the workspace: its bytes are in the content cache, a pointer stands in
/// the split folder, and only a recorded read ('ariadne holdout read', SealedTestSet) hands them out. gc keeps them,
/// push and pull carry them, checkout leaves them in the cache, runs export leaves older runs' plain copies out.
/// </summary>
public sealed class SealedPartTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static void SplitIn(TestWorkspace ws, int budget = 5)
    {
        ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i * 7}")) + "\n");
        ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<int> ReadsAsync(string root, string manifest)
    {
        await using var tracking = TrackingClient.Open(folder: root);
        return await SealedTestSet.Open(manifest, tracking).CountReadsAsync();
    }

    [Fact]
    public async Task A_split_in_a_workspace_keeps_the_sealed_part_in_the_cache_and_only_a_recorded_read_hands_it_out()
    {
        SplitIn(_ws);
        var manifest = SplitManifest.Read(_ws.Path("split"));
        var test = manifest.Part("test");
        var hash = ContentHash.Parse(test.Blake3);

        // No plain file: the pointer names the bytes, which are a cache object; split.json names the pointer.
        Assert.False(File.Exists(_ws.Path("split/test.csv")));
        Assert.Equal("test.csv.sealed", test.Pointer);
        var pointer = Ariadne.Workspace.SealedPointer.Read(_ws.Path("split/test.csv.sealed"));
        Assert.Equal(hash, pointer.Hash);
        Assert.Equal("test.csv", pointer.Path);
        Assert.Contains("\"format\": 2", _ws.Read("split/split.json"), StringComparison.Ordinal);
        Assert.Contains("\"pointer\": \"test.csv.sealed\"", _ws.Read("split/split.json"), StringComparison.Ordinal);
        Assert.True(_ws.Open().Cache.Contains(hash));
        Assert.True(File.Exists(_ws.Path("split/train.csv")));

        // Neither checkout nor gc touches it.
        _ws.CliOk("checkout");
        _ws.CliOk("gc");
        Assert.False(File.Exists(_ws.Path("split/test.csv")));
        Assert.True(_ws.Open().Cache.Contains(hash));

        // 'holdout read' copies the bytes out and prints where; -o names the file; each read is recorded.
        var printed = _ws.CliOk("holdout", "read", "split", "--model", "m1", "--metric", "acc").Out.Trim();
        _ws.CliOk("holdout", "read", "split/split.json", "--model", "m2", "--metric", "acc", "-o", "scores/test.csv");
        Assert.False(printed.StartsWith(_ws.Root, StringComparison.Ordinal));
        Assert.Equal(hash, ContentHasher.HashFile(printed));
        Assert.Equal(hash, ContentHasher.HashFile(_ws.Path("scores/test.csv")));
        Assert.Equal(2, await ReadsAsync(_ws.Root, _ws.Path("split/split.json")));

        // The SDK hands out a private copy that disposing removes.
        string copy;
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            using var read = await SealedTestSet.Open(_ws.Path("split"), tracking).ReadAsync("m3", "acc");
            copy = read.Path;
            Assert.False(read.PlainFile);
            Assert.Equal(File.ReadAllBytes(printed), File.ReadAllBytes(copy));
        }

        Assert.False(File.Exists(copy));
        Assert.Equal(3, await ReadsAsync(_ws.Root, _ws.Path("split/split.json")));
        File.Delete(printed);
    }

    [Fact]
    public async Task Push_carries_the_sealed_part_and_a_clone_without_it_gets_it_by_pull_or_on_its_first_read()
    {
        var remote = _ws.Outside("remote");
        Directory.CreateDirectory(remote);
        _ws.CliOk("remote", "add", "storage", remote, "--default");
        SplitIn(_ws);
        var hash = SplitManifest.Read(_ws.Path("split")).Part("test").Blake3;

        _ws.CliOk("push");

        Assert.True(File.Exists(Path.Combine(remote, hash[..2], hash[2..])));

        // A clone has the split folder (from git) but not the cache.
        using var clone = new TestWorkspace();
        clone.CliOk("remote", "add", "storage", remote, "--default");
        foreach (var file in Directory.GetFiles(_ws.Path("split")))
        {
            clone.Write("split/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        var cache = clone.Open().Cache;
        Assert.False(cache.Contains(ContentHash.Parse(hash)));
        clone.CliOk("pull");
        Assert.True(cache.Contains(ContentHash.Parse(hash)));
        Assert.False(File.Exists(clone.Path("split/test.csv")));

        cache.Remove(ContentHash.Parse(hash));
        var read = clone.CliOk("holdout", "read", "split", "--model", "m", "--metric", "acc", "-o", "test.csv");
        Assert.Equal(clone.Path("test.csv"), read.Out.Trim());
        Assert.Equal(ContentHash.Parse(hash), ContentHasher.HashFile(clone.Path("test.csv")));
        Assert.True(cache.Contains(ContentHash.Parse(hash)));
        Assert.Equal(1, await ReadsAsync(clone.Root, clone.Path("split/split.json")));
    }

    [Fact]
    public async Task A_read_that_cannot_find_the_bytes_says_what_to_do_and_spends_nothing()
    {
        SplitIn(_ws);
        var hash = SplitManifest.Read(_ws.Path("split")).Part("test").Blake3;
        _ws.Open().Cache.Remove(ContentHash.Parse(hash));

        var failed = _ws.Cli("holdout", "read", "split", "--model", "m", "--metric", "acc");

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("no default remote", failed.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne push", failed.Error, StringComparison.Ordinal);
        Assert.Equal(0, await ReadsAsync(_ws.Root, _ws.Path("split/split.json")));
    }

    [Fact]
    public async Task A_split_made_before_sealed_parts_moved_into_the_cache_reads_with_a_warning_until_holdout_seal_converts_it()
    {
        using var temp = new TempFolder();
        temp.WriteFile("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i}")) + "\n");
        var outside = CliRunner.Run(temp.Path, "data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "5");
        Assert.Equal(0, outside.ExitCode);
        Assert.Contains("in no Ariadne workspace", outside.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("split", "test.csv")));
        Assert.Contains("\"format\": 1", File.ReadAllText(temp.Combine("split", "split.json")), StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run(temp.Path, "init").ExitCode);

        var old = CliRunner.Run(temp.Path, "holdout", "read", "split", "--model", "m", "--metric", "acc");
        var seal = CliRunner.Run(temp.Path, "holdout", "seal", "split");
        var again = CliRunner.Run(temp.Path, "holdout", "seal", "split");
        var read = CliRunner.Run(temp.Path, "holdout", "read", "split", "--model", "m", "--metric", "acc", "-o", "copy.csv");

        Assert.Equal(0, old.ExitCode);
        Assert.Contains("ariadne holdout seal", old.Error, StringComparison.Ordinal);
        Assert.Equal(temp.Combine("split", "test.csv"), old.Out.Trim());
        Assert.Equal(0, seal.ExitCode);
        Assert.Contains("test.csv.sealed", seal.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing to do", again.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("split", "test.csv")));
        var test = SplitManifest.Read(temp.Combine("split")).Part("test");
        Assert.Equal("test.csv.sealed", test.Pointer);
        Assert.Equal(0, read.ExitCode);
        Assert.DoesNotContain("warning", read.Error, StringComparison.Ordinal);
        Assert.Equal(test.Blake3, ContentHasher.HashFile(temp.Combine("copy.csv")).Hex);
        Assert.Equal(2, await ReadsAsync(temp.Path, temp.Combine("split", "split.json")));
    }

    [Fact]
    public async Task Runs_export_leaves_out_the_sealed_part_an_older_run_logged_and_says_so()
    {
        SplitIn(_ws);
        string runId;
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await using var run = await tracking.StartRunAsync("split", "old-split");
            runId = run.RunId;
            await run.LogTextAsync("id,x\n7,49\n", "outs/split/test.csv");
            await run.LogTextAsync("id,x\n1,7\n", "outs/split/train.csv");
            await run.LogTextAsync("""{"format": 1, "parts": [{"name": "test", "file": "test.csv", "rows": 1, "blake3": "0000000000000000000000000000000000000000000000000000000000000000", "sealed": true, "budget": 1}]}""", "outs/split/split.json");
            await run.EndAsync();
        }

        var export = _ws.CliOk("runs", "export", runId);

        Assert.DoesNotContain("outs/split/test.csv", export.Out, StringComparison.Ordinal);
        Assert.Contains("outs/split/train.csv", export.Out, StringComparison.Ordinal);
        Assert.Contains("outs/split/split.json", export.Out, StringComparison.Ordinal);
        Assert.Contains("left out artifact 'outs/split/test.csv'", export.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne holdout read", export.Error, StringComparison.Ordinal);
    }
}
