using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Pipelines;

/// <summary>
/// A small pipeline for experiment and sweep tests: 'prepare' (no params) and 'train', whose metric val.acc is
/// train.lr * train.depth and val.loss is train.depth; 'report' reads seed from other.yaml.
/// </summary>
internal static class ExperimentPipeline
{
    public const string Pipeline = """
        stages:
          prepare:
            cmd: tr a-z A-Z < raw.txt > clean.txt
            deps: [raw.txt]
            outs: [clean.txt]
          train:
            cmd: sh train.sh
            deps: [clean.txt, train.sh]
            params: [train.lr, train.depth]
            outs: [model]
            metrics: [metrics.json]
          report:
            cmd: cp other.yaml report.txt
            params: [other.yaml:seed]
            outs: [report.txt]
        """;

    public const string TrainScript = """
        mkdir -p model
        lr=$(sed -n 's/^ *lr: *\([^ #]*\).*/\1/p' params.yaml)
        depth=$(sed -n 's/^ *depth: *\([^ #]*\).*/\1/p' params.yaml)
        case "$depth" in *[!0-9]*) echo "depth must be a whole number" >&2; exit 3;; esac
        cat clean.txt > model/weights.txt
        echo "$lr $depth" >> model/weights.txt
        acc=$(awk "BEGIN { print $lr * $depth }")
        echo "{\"val\": {\"acc\": $acc, \"loss\": $depth}}" > metrics.json
        """;

    public static void Create(TestWorkspace ws)
    {
        ws.Write("raw.txt", "hello\n");
        ws.Write("params.yaml", "# learning settings\ntrain:\n  lr: 0.1   # step size\n  depth: 3\n");
        ws.Write("other.yaml", "seed: 1\n");
        ws.Write("train.sh", TrainScript + "\n");
        ws.Write("ariadne.yaml", Pipeline);
        ws.CliOk("repro");
        ws.Commit("pipeline");
    }

    /// <summary>
    /// A pipeline whose first stage fails unless lr is 0.1 and whose second writes the metric final: 1 to final.json;
    /// the workspace is reproduced with lr 0.1, so its final.json holds final: 1.
    /// </summary>
    public static void CreateGated(TestWorkspace ws)
    {
        ws.Write("params.yaml", "lr: 0.1\n");
        ws.Write("final.src", "{\"final\": 1}\n");
        ws.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: grep -qx 'lr. 0.1' params.yaml && cp params.yaml prepared.txt
                params: [lr]
                outs: [prepared.txt]
              measure:
                cmd: cp final.src final.json
                deps: [prepared.txt, final.src]
                metrics: [final.json]
            """);
        ws.CliOk("repro");
        ws.Commit("gated pipeline");
    }

    /// <summary>
    /// A foreach stage over [a, b, c] writing m-a.json, m-b.json and m-c.json, each with the metric acc: lr times 1, 2
    /// and 3; the workspace is reproduced with lr 1.
    /// </summary>
    public static void CreateScores(TestWorkspace ws)
    {
        ws.Write("params.yaml", "lr: 1\n");
        ws.Write("score.sh", """
            lr=$(sed -n 's/^lr: *//p' params.yaml)
            case "$1" in a) k=1;; b) k=2;; *) k=3;; esac
            echo "{\"acc\": $(awk "BEGIN { print $lr * $k }")}" > "m-$1.json"

            """);
        ws.Write("ariadne.yaml", """
            stages:
              score:
                foreach: [a, b, c]
                do:
                  cmd: sh score.sh ${item}
                  deps: [score.sh]
                  params: [lr]
                  metrics: ["m-${item}.json"]
            """);
        ws.CliOk("repro");
        ws.Commit("scores");
    }

    /// <summary>Every file of the workspace outside .git and .ariadne, with its bytes.</summary>
    public static SortedDictionary<string, string> Snapshot(TestWorkspace ws)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(ws.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(ws.Root, file);
            if (relative.StartsWith(".git", StringComparison.Ordinal) && !relative.StartsWith(".gitignore", StringComparison.Ordinal) || relative.StartsWith(".ariadne", StringComparison.Ordinal))
            {
                continue;
            }

            files[relative] = Convert.ToBase64String(File.ReadAllBytes(file));
        }

        return files;
    }

    /// <summary>Asserts nothing in the workspace changed since <paramref name="before"/>, git's view included, and no working copy is left.</summary>
    public static void AssertUnchanged(TestWorkspace ws, SortedDictionary<string, string> before, string gitStatusBefore)
    {
        Assert.Equal(before, Snapshot(ws));
        Assert.Equal(gitStatusBefore, ws.Git("status --porcelain --ignored"));
        var copies = Path.Combine(ws.Root, ".ariadne", "exps");
        Assert.True(!Directory.Exists(copies) || Directory.GetDirectories(copies).Length == 0, "a working copy was left behind");
    }

    public static async Task<List<Run>> Runs(TestWorkspace ws)
    {
        await using var client = TrackingClient.Open(folder: ws.Root);
        var experiment = await client.Store.GetExperimentByNameAsync("pipelines", default);
        var runs = new List<Run>();
        if (experiment is null)
        {
            return runs;
        }

        await foreach (var run in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(run);
        }

        return runs;
    }

    public static JsonElement Json(CliRunner.Result result) => JsonDocument.Parse(result.Out).RootElement;
}
