using Ariadne.Data.Holdout;

namespace Ariadne.Tests.Tracking;

/// <summary>The ledger of sealed-set reads, which every store keeps: one budget per sealed part, however many writers.</summary>
public abstract partial class TrackingStoreContract
{
    private static readonly string PartA = new('a', 64);
    private static readonly string PartB = new('b', 64);

    private static HoldoutRead Read(string part, string model, int budget = 2, string? reason = null, string? runId = null) =>
        new(part, "test", "/work/split/split.json", runId, model, "accuracy", budget, reason, DateTimeOffset.FromUnixTimeMilliseconds(T0));

    [Fact]
    public async Task Holdout_reads_are_recorded_in_order_and_listed_per_part()
    {
        var run = await NewRunAsync();

        var first = await Store.RecordHoldoutReadAsync(Read(PartA, "m1", runId: run.RunId), None);
        await Store.RecordHoldoutReadAsync(Read(PartB, "m2"), None);
        await Store.RecordHoldoutReadAsync(Read(PartA, "m3"), None);

        var ofA = await Store.ListHoldoutReadsAsync(PartA, None);
        var all = await Store.ListHoldoutReadsAsync(null, None);
        Assert.Equal(["m1", "m3"], ofA.Select(a => a.Model));
        Assert.Equal(["m1", "m2", "m3"], all.Select(a => a.Model));
        Assert.Equal(first, ofA[0]);
        Assert.Equal(run.RunId, ofA[0].RunId);
        Assert.Null(ofA[1].RunId);
        Assert.Equal(("test", "/work/split/split.json", "accuracy", 2, T0), (ofA[0].Part, ofA[0].Manifest, ofA[0].Metric, ofA[0].Budget, ofA[0].Time.ToUnixTimeMilliseconds()));
        Assert.Empty(await Store.ListHoldoutReadsAsync(new string('c', 64), None));
    }

    [Fact]
    public async Task Holdout_read_past_the_budget_is_refused_and_records_nothing()
    {
        await Store.RecordHoldoutReadAsync(Read(PartA, "m1"), None);
        await Store.RecordHoldoutReadAsync(Read(PartA, "m2"), None);

        var refused = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read(PartA, "m3", reason: "  "), None));

        Assert.Equal(ErrorCode.HoldoutBudgetExceeded, refused.Code);
        Assert.Contains("budget of 2", refused.Message);
        Assert.Contains("override", refused.Message);
        Assert.Equal(2, (await Store.ListHoldoutReadsAsync(PartA, None)).Count);
        await Store.RecordHoldoutReadAsync(Read(PartB, "m3"), None);
    }

    [Fact]
    public async Task Holdout_read_past_the_budget_with_a_reason_is_recorded_with_the_reason()
    {
        await Store.RecordHoldoutReadAsync(Read(PartA, "m1", budget: 1), None);

        var over = await Store.RecordHoldoutReadAsync(Read(PartA, "m2", budget: 1, reason: "  final number for the paper  "), None);

        Assert.Equal("final number for the paper", over.OverrideReason);
        Assert.Equal([null, "final number for the paper"], (await Store.ListHoldoutReadsAsync(PartA, None)).Select(a => a.OverrideReason));
    }

    [Fact]
    public async Task Holdout_writers_racing_for_the_budget_get_exactly_the_budget()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await Store.RecordHoldoutReadAsync(Read(PartA, $"m{i}", budget: 3), None);
                return true;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.HoldoutBudgetExceeded)
            {
                return false;
            }
        }));

        Assert.Equal(3, attempts.Count(ok => ok));
        Assert.Equal(3, (await Store.ListHoldoutReadsAsync(PartA, None)).Count);
    }

    [Fact]
    public async Task Holdout_read_without_a_content_hash_model_or_budget_is_invalid()
    {
        var noHash = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read("test.csv", "m1"), None));
        var noModel = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read(PartA, " "), None));
        var noBudget = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read(PartA, "m1", budget: 0), None));

        Assert.All([noHash, noModel, noBudget], e => Assert.Equal(ErrorCode.InvalidArgument, e.Code));
        Assert.Contains("BLAKE3", noHash.Message);
        Assert.Empty(await Store.ListHoldoutReadsAsync(null, None));
    }

    [Fact]
    public async Task A_holdout_read_recorded_again_with_its_read_id_counts_once_even_past_the_budget()
    {
        var read = Read(PartA, "m1", budget: 1);

        var first = await Store.RecordHoldoutReadAsync(read, None);
        var retried = await Store.RecordHoldoutReadAsync(read with { }, None);

        Assert.Equal(first, retried);
        Assert.Single(await Store.ListHoldoutReadsAsync(PartA, None));
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read(PartA, "m2", budget: 1), None));
        Assert.Equal(ErrorCode.HoldoutBudgetExceeded, error.Code);
    }

    [Fact]
    public async Task The_same_holdout_read_recorded_many_times_at_once_is_recorded_once()
    {
        var read = Read(PartB, "m1", budget: 5);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var records = Enumerable.Range(0, 6).Select(async _ =>
        {
            await go.Task;
            return await Store.RecordHoldoutReadAsync(read, None);
        }).ToList();
        go.SetResult();

        var accesses = await Task.WhenAll(records);

        Assert.Single(accesses.Select(a => a.Id).Distinct());
        Assert.Single(await Store.ListHoldoutReadsAsync(PartB, None));
    }

    [Fact]
    public async Task A_holdout_read_with_the_empty_read_id_is_refused()
    {
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.RecordHoldoutReadAsync(Read(PartA, "m1") with { ReadId = Guid.Empty }, None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("read id", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ListHoldoutReadsAsync(PartA, None));
    }
}
