using System.Collections.Concurrent;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// Compares a stage with its entry in the lock file and says why it must run: never ran, command or environment
/// changed, a dependency's content changed, a parameter value changed, an output is missing or was changed.
/// </summary>
internal sealed class ChangeDetector(DataWorkspace workspace, PathHasher hasher)
{
    private readonly ConcurrentDictionary<string, ParamsFile?> _paramsFiles = new(StringComparer.Ordinal);

    public StageInputs Inputs(Stage stage)
    {
        var deps = new List<LockedPath>();
        var missing = new List<string>();
        foreach (var dep in stage.Deps)
        {
            if (hasher.Current(dep.Path) is { } state)
            {
                deps.Add(state);
            }
            else
            {
                missing.Add(dep.Path);
            }
        }

        var parameters = new List<LockedParam>();
        foreach (var param in stage.Params)
        {
            var file = _paramsFiles.GetOrAdd(param.File, f => ParamsFile.TryLoad(Path.Combine(workspace.Root, f)));
            var value = file?.Values.GetValueOrDefault(param.Key)
                ?? throw AriadneException.InvalidPipeline([new PipelineProblem(PipelineFile.FileName, param.Line, $"param '{param.Key}' of stage '{stage.Name}' is no longer in '{param.File}'", "Add it back or remove it from the stage")]);
            parameters.Add(new LockedParam(param.File, param.Key, value));
        }

        return new StageInputs(deps, parameters, missing);
    }

    /// <summary>Why <paramref name="stage"/> must run; empty when it is up to date.</summary>
    public IReadOnlyList<string> Reasons(Stage stage, StageLock? locked, StageInputs inputs)
    {
        if (locked is null)
        {
            return ["it has not run yet (no entry in ariadne.lock)"];
        }

        var reasons = new List<string>();
        if (stage.AlwaysChanged)
        {
            reasons.Add("it is always_changed (it runs every time)");
        }

        if (!locked.Commands.SequenceEqual(stage.Commands, StringComparer.Ordinal))
        {
            reasons.Add("its command changed");
        }

        if (locked.WorkingDirectory != stage.WorkingDirectory || !SameEnvironment(locked.Environment, stage.Environment))
        {
            reasons.Add("its wdir or env changed");
        }

        foreach (var path in inputs.MissingDeps)
        {
            reasons.Add($"dependency '{path}' is missing");
        }

        var lockedDeps = locked.Deps.ToDictionary(d => d.Path, StringComparer.Ordinal);
        foreach (var dep in inputs.Deps)
        {
            if (!lockedDeps.TryGetValue(dep.Path, out var before))
            {
                reasons.Add($"dependency '{dep.Path}' is new");
            }
            else if (before.Hash != dep.Hash)
            {
                reasons.Add($"dependency '{dep.Path}' changed");
            }
        }

        foreach (var removed in locked.Deps.Where(d => stage.Deps.All(s => s.Path != d.Path)))
        {
            reasons.Add($"dependency '{removed.Path}' was removed");
        }

        var lockedParams = locked.Params.ToDictionary(p => (p.File, p.Key));
        foreach (var param in inputs.Params)
        {
            if (!lockedParams.TryGetValue((param.File, param.Key), out var before))
            {
                reasons.Add($"param '{param.Key}' is new");
            }
            else if (before.Value != param.Value)
            {
                reasons.Add($"param '{param.Key}' changed ({before.Value} -> {param.Value})");
            }
        }

        foreach (var removed in locked.Params.Where(p => !inputs.Params.Any(i => i.File == p.File && i.Key == p.Key)))
        {
            reasons.Add($"param '{removed.Key}' was removed");
        }

        var lockedOuts = locked.Outs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        foreach (var output in stage.AllOutputs)
        {
            if (!lockedOuts.TryGetValue(output.Path, out var before))
            {
                reasons.Add($"output '{output.Path}' is new");
                continue;
            }

            var now = hasher.Current(output.Path);
            if (now is null)
            {
                reasons.Add($"output '{output.Path}' is missing");
            }
            else if (now.Hash != before.Hash)
            {
                reasons.Add($"output '{output.Path}' was changed");
            }
        }

        foreach (var removed in locked.Outs.Where(o => stage.AllOutputs.All(s => s.Path != o.Path)))
        {
            reasons.Add($"output '{removed.Path}' was removed from the stage");
        }

        return reasons;
    }

    private static bool SameEnvironment(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
