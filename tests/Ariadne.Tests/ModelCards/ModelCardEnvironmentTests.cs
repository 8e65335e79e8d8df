using System.Text.Json.Nodes;
using Ariadne.Content;
using Ariadne.ModelCards;
using Ariadne.Reproduction;
using Ariadne.RunContext;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.ModelCards;

/// <summary>
/// The environment part of a model card: the training run's recorded environment (read as <c>ariadne env show</c>
/// reads it) and, for every recorded reproduction of that run, how its environment differs, by the one comparison
/// <c>ariadne env diff</c> and <c>ariadne reproduce</c> use (<see cref="EnvironmentComparison"/>).
/// </summary>
public sealed class ModelCardEnvironmentTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Card_shows_the_training_environment_and_each_reproductions_differences_as_env_diff_finds_them()
    {
        // Given a training run that recorded its environment (the SDK does, as 'ariadne run' does).
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var cache = _ws.Open().Cache;
        string trainId;
        await using (var train = await tracking.StartRunAsync("cards", "train"))
        {
            trainId = train.RunId;
            await train.EndAsync();
        }

        var trainRun = await tracking.Store.GetRunAsync(trainId, default);
        var recorded = await RecordedEnvironment.LoadAsync(tracking.Store, cache, trainRun, default);

        // And a reproduction of it on "another machine": the same record with another SDK, another thread count and a
        // GPU, listed on the original as 'ariadne reproduce' lists it.
        var artifact = (await tracking.Store.ListArtifactsAsync(trainId, default)).Single(a => a.Path == RecordedEnvironment.EnvironmentArtifact);
        var json = JsonNode.Parse(File.ReadAllText(cache.PathOf(ContentHash.Parse(artifact.Hash))))!.AsObject();
        json["runtime"]!["sdk"] = "10.0.999";
        json["environmentVariables"] = new JsonObject { ["OMP_NUM_THREADS"] = "64" };
        json["hardware"]!["gpus"] = new JsonArray(new JsonObject { ["name"] = "NVIDIA H200", ["driverVersion"] = "570.86" });
        string reproductionId;
        await using (var reproduction = await tracking.StartNewRunAsync("cards", "reproduce train", null,
            new Dictionary<string, string> { [ReproductionReport.ReproductionOfTag] = trainId }, captureEnvironment: false, default))
        {
            reproductionId = reproduction.RunId;
            await reproduction.LogTextAsync(json.ToJsonString(), RecordedEnvironment.EnvironmentArtifact);
            await reproduction.SetTagAsync(ReproductionReport.ResultTag, "differed");
            await reproduction.EndAsync();
        }

        await tracking.Store.SetTagAsync(trainId, ReproductionReport.ReproductionsTag, $"{reproductionId}:differed", default);
        var other = await RecordedEnvironment.LoadAsync(tracking.Store, cache, await tracking.Store.GetRunAsync(reproductionId, default), default);
        var expected = EnvironmentComparison.Compare(recorded, other);

        // When the card of a model from the training run is written.
        var subject = new ModelCardSubject("penguins", "1", "Tells penguin species apart.", trainId, "model", [new ModelCardFile("model.zip", new string('0', 64), 1)], [],
            new Dictionary<string, string>(), "alice", 1_760_000_000_000);
        var card = await ModelCardWriter.WriteAsync(subject, tracking.Store, _ws.Open(), null, default);

        // Then it shows the training environment from environment.json (runtime, SDK and pins as 'env show' has them).
        var environment = Section(card, "environment");
        Assert.Contains($"| runtime .NET | {recorded.Runtime} ({recorded.RuntimeIdentifier}) |", environment);
        if (recorded.Sdk is { } sdk)
        {
            Assert.Contains($"| runtime SDK | {sdk} |", environment);
        }

        Assert.Contains($"`ariadne env diff {trainId}`", environment);

        // And the reproduction with exactly the differences env diff finds: the SDK (when recorded), the variable, the GPU.
        Assert.Contains($"- run `{reproductionId}` (of `{trainId}`): differed, {expected.Count} environment difference(s):", environment);
        Assert.Contains(expected, d => d.Area == "variable" && d.Name == "OMP_NUM_THREADS" && d.Right == "64");
        Assert.Contains(expected, d => d.Area == "gpu" && d.Right == "NVIDIA H200");
        Assert.Equal(recorded.Sdk is null ? 0 : 1, expected.Count(d => d.Area == "sdk"));
        foreach (var difference in expected)
        {
            Assert.Contains($"  | {difference.Area} | {difference.Name} | {difference.Left ?? "(absent)"} | {difference.Right ?? "(absent)"} |", environment);
        }
    }

    [Fact]
    public async Task Card_of_a_run_never_reproduced_says_so_and_how_to_reproduce_it()
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        string trainId;
        await using (var train = await tracking.StartRunAsync("cards", "train"))
        {
            trainId = train.RunId;
            await train.EndAsync();
        }

        var subject = new ModelCardSubject("penguins", "1", null, trainId, "model", [], [], new Dictionary<string, string>(), "alice", 1_760_000_000_000);
        var card = await ModelCardWriter.WriteAsync(subject, tracking.Store, _ws.Open(), null, default);

        var environment = Section(card, "environment");
        Assert.Contains("No reproduction of the training run is recorded.", environment);
        Assert.Contains($"`ariadne reproduce {trainId}`", environment);
        Assert.Contains("| os system |", environment);
    }

    private static string Section(string card, string id)
    {
        var begin = card.IndexOf($"<!-- ariadne:generated BEGIN {id} ", StringComparison.Ordinal);
        var end = card.IndexOf($"<!-- ariadne:generated END {id} -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, card);
        return card[begin..end];
    }
}
