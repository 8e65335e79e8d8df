using Ariadne.ModelCards;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using static Ariadne.Tests.Pipelines.ExperimentPipeline;

namespace Ariadne.Tests.ModelCards;

/// <summary>
/// A model version's card, written from the record of a real pipeline (split with a sealed test part, prepare, train,
/// evaluate, test): Hugging Face front matter the Hub's own metadata type accepts, a body that tells what the record
/// holds, and the user's own sections kept when the card is written again.
/// </summary>
[Trait("Service", "Node")]
public sealed class ModelCardTests : IDisposable
{
    private static readonly string Ariadne = $"dotnet {Path.Combine(AppContext.BaseDirectory, "ariadne.dll")}";

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Tracks data.csv as penguins@v1, splits it (sealed test part, budget 5) and runs the four-stage pipeline.</summary>
    private void CreatePipeline()
    {
        _ws.Write("data.csv", "id,x,label\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i * 3},{(i % 2 == 0 ? "a" : "b")}")) + "\n");
        _ws.CliOk("add", "data.csv");
        _ws.CliOk("datasets", "tag", "data.csv", "penguins@v1");
        _ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "5");
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n  seed: 7\n");
        _ws.Write("train.sh", "mkdir -p model && cat prepared.csv > model/weights.txt && echo 'lr 0.1' > model/config.txt\n");
        _ws.Write("test.sh", $"{Ariadne} holdout read split/split.json --model model --metric accuracy > /dev/null && echo '{{\"test\": {{\"accuracy\": 0.8}}}}' > test-metrics.json\n");
        _ws.Write("evaluate.sh", "echo '{\"validation\": {\"accuracy\": 0.875, \"loss\": 0.25}}' > metrics.json\n");
        _ws.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: cp split/train.csv prepared.csv
                deps: [data.csv, split/train.csv]
                outs: [prepared.csv]
              train:
                cmd: sh train.sh
                deps: [prepared.csv, train.sh]
                params: [train.lr, train.seed]
                outs: [model]
              evaluate:
                cmd: sh evaluate.sh
                deps: [model, split/validation.csv, evaluate.sh]
                metrics: [metrics.json]
              test:
                cmd: sh test.sh
                deps: [model, split, test.sh]
                metrics: [test-metrics.json]
            """);
        _ws.Commit("pipeline");
        _ws.CliOk("repro");
    }

    private async Task<(ModelCardSubject Subject, Run Train)> SubjectAsync()
    {
        var train = (await Runs(_ws)).Single(r => r.Tags.Any(t => t.Key == "ariadne.pipeline.stage" && t.Value == "train"));
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var files = (await tracking.Store.ListArtifactsAsync(train.Info.RunId, default)).Where(a => a.Path.StartsWith("outs/model/", StringComparison.Ordinal))
            .Select(a => new ModelCardFile(a.Path["outs/model/".Length..], a.Hash, a.Size)).ToList();
        var subject = new ModelCardSubject("penguins", "1", "Tells penguin species apart.", train.Info.RunId, "outs/model", files, ["champion"],
            new Dictionary<string, string> { ["library_name"] = "ml.net", ["task"] = "tabular-classification", ["license"] = "mit" }, "alice", 1_760_000_000_000);
        return (subject, train);
    }

    private async Task<string> CardAsync(ModelCardSubject subject, string? existing)
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        return await ModelCardWriter.WriteAsync(subject, tracking.Store, _ws.Open(), existing, default);
    }

    [Fact]
    public async Task Card_front_matter_passes_the_Hubs_metadata_type_and_the_body_tells_the_record()
    {
        CreatePipeline();
        var (subject, train) = await SubjectAsync();

        var card = await CardAsync(subject, existing: null);
        var file = _ws.Write("README.md", card);
        var check = await HubCardCheck.RunAsync(file);

        Assert.True(check.Ok, $"The Hub would reject this card: {string.Join("; ", check.Errors)}\n{card}");
        var meta = check.Metadata;
        Assert.Equal("mit", meta.GetProperty("license").GetString());
        Assert.Equal("ml.net", meta.GetProperty("library_name").GetString());
        Assert.Contains("penguins", meta.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("accuracy", meta.GetProperty("metrics").EnumerateArray().Select(d => d.GetString()));
        var results = meta.GetProperty("model-index")[0].GetProperty("results").EnumerateArray().ToList();
        var validation = Assert.Single(results, r => r.GetProperty("dataset").GetProperty("split").GetString() == "validation");
        var test = Assert.Single(results, r => r.GetProperty("dataset").GetProperty("split").GetString() == "test");
        Assert.Equal("tabular-classification", validation.GetProperty("task").GetProperty("type").GetString());
        var evaluate = (await Runs(_ws)).Single(r => r.Tags.Any(t => t.Key == "ariadne.pipeline.stage" && t.Value == "evaluate"));
        var validationInput = evaluate.Inputs.Single(i => i.PointerPath == "split/validation.csv");
        Assert.Equal(validationInput.DatasetHash, validation.GetProperty("dataset").GetProperty("revision").GetString());
        var accuracy = validation.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("type").GetString() == "accuracy");
        Assert.Equal(0.875, accuracy.GetProperty("value").GetDouble());
        Assert.Equal("evaluate: validation.accuracy", accuracy.GetProperty("name").GetString());
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            var read = Assert.Single(await tracking.Store.ListHoldoutReadsAsync(null, default));
            Assert.Equal(read.PartBlake3, test.GetProperty("dataset").GetProperty("revision").GetString());
            Assert.Contains($"read 1 time(s) of a budget of 5", card);
            Assert.Contains($"`{read.RunId}`", card);
        }

        Assert.Equal(0.8, test.GetProperty("metrics")[0].GetProperty("value").GetDouble());
        Assert.Contains("# penguins (version 1)", card);
        Assert.Contains($"from run `{train.Info.RunId}`", card);
        Assert.Contains("| `weights.txt` |", card);
        Assert.Contains("penguins@v1", card);
        Assert.Contains("1. **prepare**: `cp split/train.csv prepared.csv`", card);
        Assert.Contains("| `train.seed` | `7` |", card);
        Assert.Contains("Seeds: `train.seed` = 7.", card);
        Assert.Contains("git checkout ", card);
        Assert.Contains("ariadne repro train\nariadne repro evaluate\nariadne repro test\n", card);
        Assert.Contains("environment.json", card);
        Assert.Contains("## Intended use", card);
    }

    [Fact]
    public async Task A_card_the_Hub_would_reject_fails_the_check()
    {
        CreatePipeline();
        var (subject, _) = await SubjectAsync();
        var card = await CardAsync(subject with { Tags = new Dictionary<string, string>() }, existing: null);
        Assert.True((await HubCardCheck.RunAsync(_ws.Write("README.md", card))).Ok, card);

        var badLicense = await HubCardCheck.RunAsync(_ws.Write("bad-license.md", card.Replace("license: \"unknown\"", "license: \"MIT or so\"", StringComparison.Ordinal)));
        var noTask = await HubCardCheck.RunAsync(_ws.Write("no-task.md", card.Replace("      type: \"other\"\n", "", StringComparison.Ordinal)));

        Assert.False(badLicense.Ok);
        Assert.Contains(badLicense.Errors, e => e.Contains("MIT or so", StringComparison.Ordinal));
        Assert.False(noTask.Ok);
    }

    [Fact]
    public async Task Sections_and_keys_the_user_wrote_survive_regeneration_and_generated_ones_are_brought_up_to_date()
    {
        CreatePipeline();
        var (subject, _) = await SubjectAsync();
        var first = await CardAsync(subject, existing: null);
        var edited = first
            .Replace("<!-- Who should use this model, for what, and for what not. Ariadne keeps this section as you write it. -->", "Sorting penguins on the Palmer archipelago; not for other birds.", StringComparison.Ordinal)
            .Replace("<!-- ariadne:generated END overview -->\n", "<!-- ariadne:generated END overview -->\n\n## Authors\n\nAlice and Bob.\n", StringComparison.Ordinal)
            .Replace("license: \"mit\"\n", "license: \"mit\"\nlanguage:\n- en  # the labels\n", StringComparison.Ordinal);
        Assert.NotEqual(first, edited);

        // A second read of the sealed set, then the card again.
        _ws.CliOk("repro", "--force", "test");
        var second = await CardAsync(subject with { Aliases = ["champion", "production"] }, edited);

        Assert.Contains("Sorting penguins on the Palmer archipelago; not for other birds.", second);
        Assert.Contains("## Authors\n\nAlice and Bob.", second);
        Assert.Contains("language:\n- en  # the labels\n", second);
        Assert.Contains("read 2 time(s) of a budget of 5", second);
        Assert.DoesNotContain("read 1 time(s)", second);
        Assert.Contains("`production`", second);
        Assert.Equal(ModelCardDocument.BlockIds(ModelCardDocument.Split(first).Body), ModelCardDocument.BlockIds(ModelCardDocument.Split(second).Body));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(second, "^model-index:", System.Text.RegularExpressions.RegexOptions.Multiline));
        var check = await HubCardCheck.RunAsync(_ws.Write("README.md", second));
        Assert.True(check.Ok, string.Join("; ", check.Errors));
        Assert.Equal("en", check.Metadata.GetProperty("language")[0].GetString());

        // Written again from its own output, the card does not change.
        Assert.Equal(second, await CardAsync(subject with { Aliases = ["champion", "production"] }, second));
    }
}
