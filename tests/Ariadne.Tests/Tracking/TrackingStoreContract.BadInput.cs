using Ariadne.Data.Holdout;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

/// <summary>
/// The rules above the transports: every store refuses the same bad input with the same error code and the same
/// message, word for word, as the embedded store (the reference, opened the way users open it), and writes nothing.
/// </summary>
public abstract partial class TrackingStoreContract
{
    private const string BadInputRunId = "0badc0de0badc0de0badc0de0badc0de";

    /// <summary>Calls that every store must refuse as invalid input, each named for the failure message.</summary>
    private static IEnumerable<(string Name, Func<ITrackingStore, Task> Call)> BadInputs()
    {
        var none = CancellationToken.None;
        yield return ("empty experiment name", s => s.CreateExperimentAsync("  ", null, none));
        yield return ("invisible character in an experiment name", s => s.CreateExperimentAsync("exp\u200Bname", null, none));
        yield return ("experiment tag key too long", s => s.CreateExperimentAsync("tagged", new Dictionary<string, string> { [new string('k', TrackingLimits.MaxKeyLength + 1)] = "v" }, none));
        yield return ("experiment tag key with '..'", s => s.SetExperimentTagAsync("0", "../x", "v", none));
        yield return ("blank new experiment name", s => s.UpdateExperimentAsync("0", "", null, none));
        yield return ("run id with a slash", s => s.CreateRunAsync(new NewRun("0", "r", T0, "alice", RunId: "runs/1"), none));
        yield return ("run tag with an empty key", s => s.CreateRunAsync(new NewRun("0", "r", T0, "alice", Tags: [new RunTag("", "v")]), none));
        yield return ("run by the name of no experiment", s => s.CreateRunInExperimentAsync("", new NewRun("0", "r", T0, "alice"), none));
        yield return ("empty metric key", s => s.LogBatchAsync(BadInputRunId, [new Metric("", 1, T0, 0)], [], [], none));
        yield return ("param without a value", s => s.LogBatchAsync(BadInputRunId, [], [new Param("lr", null!)], [], none));
        yield return ("param twice with two values", s => s.LogBatchAsync(BadInputRunId, [], [new Param("lr", "0.1"), new Param("lr", "0.2")], [], none));
        yield return ("tag key starting with '/'", s => s.LogBatchAsync(BadInputRunId, [new Metric("ok", 1, T0, 0)], [], [new RunTag("/etc", "v")], none));
        yield return ("client id with a space", s => s.LogBatchOnceAsync(BadInputRunId, "bad id", 1, [], [], [], none));
        yield return ("sequence 0", s => s.LogBatchOnceAsync(BadInputRunId, "writer", 0, [], [], [], none));
        yield return ("input without a content hash", s => s.LogInputsAsync(BadInputRunId, [new RunInput(" ", "train")], none));
        yield return ("artifact path outside the run", s => s.LogArtifactsAsync(BadInputRunId, [new RunArtifact("../escape.bin", new string('a', 64), 1)], none));
        yield return ("dataset without a name", s => s.RegisterDatasetVersionAsync(new DatasetVersion("", "v1", new string('a', 64), 1, 1, "data.ari", null, T0), none));
        yield return ("experiment filter it cannot read", s => s.SearchExperimentsAsync(new ExperimentSearch("name ~ 'x'"), none));
        yield return ("unknown run status", s => s.UpdateRunAsync(BadInputRunId, (RunStatus)99, null, null, none));
        yield return ("sealed read keyed by no hash", s => s.RecordHoldoutReadAsync(new HoldoutRead("nothex", "test", "split.json", null, "m", "acc", 1, null, DateTimeOffset.UnixEpoch), none));
    }

    private static async Task<(ErrorCode Code, string Message)> RefusalAsync(string name, Func<Task> call)
    {
        AriadneException? error = null;
        try
        {
            await call();
        }
        catch (AriadneException e)
        {
            error = e;
        }

        Assert.True(error is not null, $"{name}: accepted, not refused.");
        Assert.True(error.Code == ErrorCode.InvalidArgument, $"{name}: {error.Code}: {error.Message}");
        return (error.Code, error.Message);
    }

    [Fact]
    public async Task Every_store_refuses_the_same_bad_input_with_the_same_code_and_message_and_writes_nothing()
    {
        using var folder = new TempFolder();
        await using var reference = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("reference.db").TrimStart('/'));
        foreach (var store in new[] { Store, reference })
        {
            await store.CreateRunAsync(new NewRun("0", "target", T0, "alice", RunId: BadInputRunId), None);
        }

        var experimentsBefore = (await Store.ListExperimentsAsync(ViewType.All, None)).Count;
        foreach (var (name, call) in BadInputs())
        {
            var expected = await RefusalAsync(name, () => call(reference));
            var actual = await RefusalAsync(name, () => call(Store));
            Assert.True(expected == actual, $"{name}: the reference store says '{expected.Message}', this store '{actual.Message}'.");
        }

        var run = await Store.GetRunAsync(BadInputRunId, None);
        Assert.Empty(run.LatestMetrics);
        Assert.Empty(run.Params);
        Assert.Empty(await Store.ListArtifactsAsync(BadInputRunId, None));
        Assert.Equal(experimentsBefore, (await Store.ListExperimentsAsync(ViewType.All, None)).Count);
    }
}
