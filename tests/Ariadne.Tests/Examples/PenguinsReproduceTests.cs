using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Examples;

/// <summary>
/// The penguins example (made by 'ariadne quickstart', SDK and packages pinned) reproduces exactly on the same machine:
/// its training run, re-executed by 'ariadne reproduce' in a worktree at the recorded commit, gives the same metrics
/// and the same model bytes. Slow (a real build and pipeline), so one test.
/// </summary>
[Trait("Service", "Chromium")] // its collection starts the web UI fixture (Chromium)
[Collection(Ui.UiCollection.Name)] // with the other tests that build the penguins trainer: never at once
public sealed class PenguinsReproduceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_penguins_training_run_reproduces_exactly_and_records_its_pins()
    {
        var made = CliRunner.Run(_temp.Path, "quickstart", "demo");
        Assert.True(made.ExitCode == 0, made.Out + made.Error);
        var root = _temp.Combine("demo");
        Assert.True(File.Exists(Path.Combine(root, "global.json")));
        Assert.True(File.Exists(Path.Combine(root, "src", "packages.lock.json")));
        Assert.Contains("src/packages.lock.json", Git(root, "ls-files src"), StringComparison.Ordinal);

        await using var client = TrackingClient.Open(folder: root);
        var experiment = (await client.Store.GetExperimentByNameAsync("pipelines", default))!;
        var runs = new List<Run>();
        await foreach (var run in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(run);
        }

        // The pipeline's run recorded the pins: the SDK global.json asks for and the locked ML.NET version.
        var pipelineRun = Assert.Single(runs, r => r.Info.RunName == "repro");
        var shown = JsonDocument.Parse(CliRunner.Run(root, "env", "show", pipelineRun.Info.RunId, "--json").Out).RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Area: e.GetProperty("area").GetString()!, Name: e.GetProperty("name").GetString()!, Value: e.GetProperty("value").GetString()!)).ToList();
        Assert.Contains(shown, e => e.Area == "pins" && e.Name == "global.json" && e.Value.Contains("SDK 10.0.100", StringComparison.Ordinal));
        Assert.Contains(shown, e => e.Area == "pins" && e.Name == "src/packages.lock.json");
        var lockFile = File.ReadAllText(Path.Combine(root, "src", "packages.lock.json"));
        Assert.Contains("\"Microsoft.ML\"", lockFile, StringComparison.Ordinal);
        var dockerfile = CliRunner.Run(root, "env", "export", pipelineRun.Info.RunId, "--dockerfile");
        Assert.Contains("RUN dotnet restore src --locked-mode", dockerfile.Out, StringComparison.Ordinal);

        // When the training run is reproduced: every metric and output of 'train' is the same, bit for bit.
        var train = Assert.Single(runs, r => r.Info.RunName == "train");
        var result = CliRunner.Run(root, "reproduce", train.Info.RunId, "--json");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var report = JsonDocument.Parse(result.Out);
        var reportRoot = report.RootElement;
        Assert.True(reportRoot.GetProperty("reproduced").GetBoolean(), result.Out);
        var metrics = reportRoot.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Contains(metrics, m => m.GetProperty("key").GetString() == "validation.accuracy" && m.GetProperty("original").GetDouble() > 0.8);
        Assert.All(metrics, m => Assert.Equal(0, m.GetProperty("difference").GetDouble()));
        var outputs = reportRoot.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("path").GetString()).ToList();
        Assert.Contains("outs/model/model.zip", outputs);
        Assert.Contains("outs/plots/training.csv", outputs);
        Assert.Empty(reportRoot.GetProperty("environment_differences").EnumerateArray());
        Assert.True(reportRoot.GetProperty("setup_seconds").GetDouble() < reportRoot.GetProperty("run_seconds").GetDouble(), result.Out);

        // The user's project is untouched: no worktree left, git status clean.
        Assert.Equal("", Git(root, "status --porcelain"));
        Assert.DoesNotContain("reproduce", Git(root, "worktree list"), StringComparison.Ordinal);
    }

    private static string Git(string root, string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
