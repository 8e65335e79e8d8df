namespace Ariadne.Pipelines;

/// <summary>
/// Checks a parsed pipeline against itself and the workspace before anything runs: two stages writing the same path,
/// an output inside another, cycles, dependencies nothing produces and that do not exist, and params keys that are
/// not in their params file. Every problem names the file and line and says what to do.
/// </summary>
internal sealed class PipelineValidator(string displayName, string workspaceRoot)
{
    private readonly List<PipelineProblem> _problems = [];

    public IReadOnlyList<PipelineProblem> Validate(IReadOnlyList<Stage> stages, PipelineGraph graph)
    {
        CheckOutputs(stages);
        CheckOwnOutputs(stages);
        if (graph.FindCycle() is { } cycle)
        {
            var first = graph[cycle[0]];
            Problem(first.Line, $"the stages form a cycle: {string.Join(" -> ", cycle)}", "A stage cannot depend, directly or through others, on its own outputs; remove one of these dependencies");
        }

        CheckDeps(stages);
        CheckParams(stages);
        return _problems;
    }

    private void CheckOutputs(IReadOnlyList<Stage> stages)
    {
        var all = stages.SelectMany(s => s.AllOutputs.Select(o => (Stage: s, Out: o))).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = 0; j < all.Count; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var (a, outA) = all[i];
                var (b, outB) = all[j];
                if (outA.Path == outB.Path && i < j)
                {
                    Problem(outB.Line, a == b
                        ? $"stage '{b.Name}' lists output '{outB.Path}' twice"
                        : $"stages '{a.Name}' and '{b.Name}' both write '{outB.Path}' (line {outA.Line})",
                        "Every output belongs to exactly one stage; rename one of them or merge the stages");
                }
                else if (outA.Path != outB.Path && outA.Contains(outB.Path))
                {
                    Problem(outB.Line, $"output '{outB.Path}' of stage '{b.Name}' is inside output '{outA.Path}' of stage '{a.Name}' (line {outA.Line})",
                        "Outputs must not nest; write to a path outside the other output, or list only the outer folder");
                }
            }
        }
    }

    private void CheckOwnOutputs(IReadOnlyList<Stage> stages)
    {
        foreach (var stage in stages)
        {
            foreach (var dep in stage.Deps)
            {
                if (stage.AllOutputs.FirstOrDefault(o => o.Overlaps(dep.Path)) is { } own)
                {
                    Problem(dep.Line, $"stage '{stage.Name}' depends on '{dep.Path}', which overlaps its own output '{own.Path}'",
                        "A stage cannot read what it writes; split it into two stages");
                }
            }
        }
    }

    private void CheckDeps(IReadOnlyList<Stage> stages)
    {
        var outputs = stages.SelectMany(s => s.AllOutputs).ToList();
        foreach (var stage in stages)
        {
            foreach (var dep in stage.Deps)
            {
                if (outputs.Any(o => o.Overlaps(dep.Path)) || Path.Exists(Full(dep.Path)))
                {
                    continue;
                }

                var hint = Suggestions.Closest(dep.Path, outputs.Select(o => o.Path).Concat(Siblings(dep.Path)));
                Problem(dep.Line, $"dependency '{dep.Path}' of stage '{stage.Name}' does not exist and no stage writes it",
                    hint is not null ? $"Did you mean '{hint}'?" : "Create it, fetch it ('ariadne pull'), or add a stage that lists it in 'outs'");
            }
        }
    }

    private void CheckParams(IReadOnlyList<Stage> stages)
    {
        var files = new Dictionary<string, ParamsFile?>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            foreach (var param in stage.Params)
            {
                if (!files.TryGetValue(param.File, out var file))
                {
                    try
                    {
                        file = ParamsFile.TryLoad(Full(param.File));
                    }
                    catch (AriadneException e)
                    {
                        Problem(param.Line, e.Message, "Fix the params file");
                        file = null;
                    }

                    files[param.File] = file;
                }

                if (file is null)
                {
                    if (File.Exists(Full(param.File)))
                    {
                        continue;
                    }

                    Problem(param.Line, $"stage '{stage.Name}' reads param '{param.Key}' from '{param.File}', which does not exist",
                        $"Create '{param.File}' with the key '{param.Key}', or name another file ('other.yaml:{param.Key}')");
                }
                else if (!file.Values.ContainsKey(param.Key))
                {
                    Problem(param.Line, $"param '{param.Key}' of stage '{stage.Name}' is not in '{param.File}'",
                        Suggestions.DidYouMean(param.Key, file.Values.Keys, $"Add '{param.Key}' to '{param.File}' (nested keys are written with dots: 'train.lr')"));
                }
            }
        }
    }

    private IEnumerable<string> Siblings(string path)
    {
        var folder = Path.GetDirectoryName(Full(path));
        if (folder is null || !Directory.Exists(folder))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFileSystemEntries(folder).Take(1000).Select(p => Path.GetRelativePath(workspaceRoot, p).Replace('\\', '/')).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private string Full(string relative) => Path.Combine(workspaceRoot, relative);

    private void Problem(int line, string message, string suggestion) => _problems.Add(new PipelineProblem(displayName, line, message, suggestion));
}
