using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Lineage;

/// <summary>Workspaces whose history lineage walks: a pipeline with a folder output and foreach stages, and a chain of 'ariadne run's.</summary>
internal static class LineageWorkspaces
{
    /// <summary>
    /// Raw data (data/raw.csv, tracked with 'ariadne add' and committed) → stage 'prepare' (folder data/parts) →
    /// foreach stage 'train' over <paramref name="items"/> (default [a, b]: model-a.txt, model-b.txt; param seed 7), reproduced and committed.
    /// </summary>
    public static void CreatePipeline(TestWorkspace ws, IReadOnlyList<string>? items = null)
    {
        ws.Write("data/raw.csv", "a,b\n1,2\n3,4\n");
        ws.CliOk("add", "data/raw.csv");
        ws.Write("params.yaml", "seed: 7\n");
        ws.Write("prep.sh", "mkdir -p data/parts\nhead -2 data/raw.csv > data/parts/one.csv\ntail -1 data/raw.csv > data/parts/two.csv\n");
        ws.Write("train.sh", "cat data/parts/*.csv | wc -l > model-$1.txt\necho $1 >> model-$1.txt\n");
        ws.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: sh prep.sh
                deps: [prep.sh, data/raw.csv]
                outs: [data/parts]
              train:
                foreach: [ITEMS]
                do:
                  cmd: sh train.sh ${item}
                  deps: [train.sh, data/parts]
                  params: [seed]
                  outs: ["model-${item}.txt"]
            """.Replace("ITEMS", string.Join(", ", items ?? ["a", "b"]), StringComparison.Ordinal));
        ws.Commit("raw data and pipeline");
        ws.CliOk("repro");
        ws.Commit("reproduced");
    }

    /// <summary>
    /// 'ariadne run' twice: 'clean' reads data/raw.csv (tracked, committed) and writes clean.csv (then tracked);
    /// 'fit' reads clean.csv and writes model.txt. Returns the run ids of clean and fit.
    /// </summary>
    public static (string Clean, string Fit) CreateRunChain(TestWorkspace ws)
    {
        ws.Write("data/raw.csv", "name\nada\ngrace\n");
        ws.CliOk("add", "data/raw.csv");
        ws.Commit("raw data");
        ws.CliOk("run", "-n", "clean", "-p", "seed=3", "-p", "mode=upper", "-i", "raw=data/raw.csv.ari", "-o", "clean.csv", "--",
            "sh", "-c", "tr a-z A-Z < data/raw.csv > clean.csv");
        ws.CliOk("add", "clean.csv");
        ws.CliOk("run", "-n", "fit", "-i", "train=clean.csv.ari", "-o", "model.txt", "--", "sh", "-c", "wc -l < clean.csv > model.txt");
        return (RunId(ws, "clean"), RunId(ws, "fit"));
    }

    public static string RunId(TestWorkspace ws, string name) =>
        JsonDocument.Parse(ws.CliOk("runs", "list", "--json").Out).RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("info").GetProperty("run_name").GetString() == name).GetProperty("info").GetProperty("run_id").GetString()!;

    public static JsonElement Trace(TestWorkspace ws, params string[] args) =>
        JsonDocument.Parse(ws.CliOk(["lineage", .. args, "--json"]).Out).RootElement.Clone();

    public static IEnumerable<JsonElement> Nodes(JsonElement graph, string kind) =>
        graph.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind);

    public static JsonElement DataAt(JsonElement graph, string path) =>
        Nodes(graph, "data").Single(n => n.GetProperty("paths").EnumerateArray().Any(p => p.GetString() == path));

    public static IEnumerable<JsonElement> Edges(JsonElement graph, string kind) =>
        graph.GetProperty("edges").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == kind);
}
