using System.CommandLine;
using Ariadne.Pipelines;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("target") { Description = "Tracked paths or pipeline stages to check (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var command = new Command("status", "Show which tracked paths (added ones and pipeline outputs in ariadne.lock) differ from what was recorded, which are missing from the cache, and which pipeline stages changed since ariadne.lock.") { targets, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var given = parse.GetValue(targets) ?? [];
            var pipelineFile = LoadPipeline(workspace);
            var stageNames = given.Where(t => pipelineFile?.Graph.Contains(t) == true && !Path.Exists(context.FullPath(t))).ToList();
            var wanted = context.FullPaths(given.Except(stageNames));
            var onlyStages = given.Length > 0 && wanted.Count == 0;
            var pipeline = onlyStages ? [] : PipelineOutputs(workspace, wanted);
            var pointerTargets = wanted.Where(t => !pipeline.Any(o => o.DataPath == Path.TrimEndingDirectorySeparator(t))).ToList();
            var statuses = context.WithProgress(progress =>
            {
                var status = new WorkspaceStatus(workspace, progress);
                var added = onlyStages || (wanted.Count > 0 && pointerTargets.Count == 0) ? [] : status.Check(pointerTargets);
                return (IReadOnlyList<OutputStatus>)[.. added, .. pipeline.Select(status.Check)];
            });
            var stages = pipelineFile is null || (given.Length > 0 && stageNames.Count == 0) ? [] : new PipelineStatus(workspace, pipelineFile).Check(stageNames);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var s in statuses)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", s.Path);
                        w.WriteString("pointer", s.PointerPath);
                        w.WriteSource("source", s.PointerPath.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? PointerFile.Read(Path.Combine(workspace.Root, s.PointerPath)).Source : null);
                        w.WriteString("kind", s.Kind == PointerKind.File ? "file" : "folder");
                        w.WriteString("state", s.State.ToString().ToLowerInvariant());
                        w.WriteBoolean("in_cache", !s.NotInCache);
                        w.WriteNumber("missing_objects", s.MissingObjects);
                        w.WriteStrings("added", s.Added);
                        w.WriteStrings("modified", s.Modified);
                        w.WriteStrings("deleted", s.Deleted);
                        w.WriteStrings("changed_in_cache", s.ChangedInCache);
                        w.WriteEndObject();
                    }

                    foreach (var stage in stages)
                    {
                        w.WriteStartObject();
                        w.WriteString("stage", stage.Stage);
                        w.WriteString("state", stage.Changed ? "changed" : "unchanged");
                        w.WriteStrings("changes", stage.Changes);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            ReportStages(context, stages);
            if (onlyStages)
            {
                return ExitCodes.Success;
            }

            if (statuses.Count == 0)
            {
                context.Console.WriteLine("Nothing is tracked yet. Track data with 'ariadne add <path>'.");
                return ExitCodes.Success;
            }

            if (statuses.All(s => s.IsClean))
            {
                context.Console.WriteLine($"All {statuses.Count} tracked path(s) match their pointer files.");
                return ExitCodes.Success;
            }

            foreach (var s in statuses.Where(s => !s.IsClean))
            {
                var state = s.State switch
                {
                    OutputState.Modified => "modified",
                    OutputState.Missing => "missing",
                    _ => "unchanged",
                };
                var cache = s.NotInCache ? $", not in cache ({s.MissingObjects} object(s) missing: 'ariadne fetch')" : "";
                context.Console.WriteLine($"{s.Path}: {state}{cache}");
                foreach (var f in s.Added)
                {
                    context.Console.WriteLine($"    added:    {f}");
                }

                foreach (var f in s.Modified.Where(f => f != s.Path))
                {
                    context.Console.WriteLine($"    modified: {f}");
                }

                foreach (var f in s.Deleted)
                {
                    context.Console.WriteLine($"    deleted:  {f}");
                }

                foreach (var f in s.ChangedInCache)
                {
                    context.Console.WriteLine($"    edited through a hard link, so the cache object changed too: {f}");
                }
            }

            var clean = statuses.Count(s => s.IsClean);
            if (clean > 0)
            {
                context.Console.WriteLine($"({clean} other tracked path(s) unchanged)");
            }

            if (statuses.Any(s => s.ChangedInCache.Count > 0))
            {
                context.Console.WriteLine("A hard-linked file was edited in place: its cache object no longer holds the recorded version. 'ariadne verify' names the remote that holds a good copy; 'ariadne verify --repair' fetches it, then 'ariadne checkout <path> --force' restores the file. To keep the edit instead, 'ariadne add <path>'. Run 'ariadne unprotect <path>' before editing hard-linked files.");
            }
            else
            {
                context.Console.WriteLine("Record changes with 'ariadne add <path>'; restore the recorded version with 'ariadne checkout <path> --force'.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The pipeline, or null when there is none; a pipeline that does not load is reported and left out, so data status still works.</summary>
    private static PipelineFile? LoadPipeline(DataWorkspace workspace)
    {
        if (!File.Exists(PipelineFile.PathIn(workspace.Root)))
        {
            return null;
        }

        try
        {
            return PipelineFile.Load(workspace.Root);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.InvalidPipeline)
        {
            return null;
        }
    }

    /// <summary>Changed stages with what changed, as 'dvc status' lists them; one line when all are up to date.</summary>
    private static void ReportStages(CliContext context, IReadOnlyList<StageStatus> stages)
    {
        if (stages.Count == 0)
        {
            return;
        }

        var changed = stages.Where(s => s.Changed).ToList();
        if (changed.Count == 0)
        {
            context.Console.WriteLine($"Pipeline: all {stages.Count} stage(s) up to date with {LockFile.FileName}.");
            return;
        }

        foreach (var stage in changed)
        {
            context.Console.WriteLine($"stage {stage.Stage}: changed");
            foreach (var change in stage.Changes)
            {
                context.Console.WriteLine($"    {change}");
            }
        }

        context.Console.WriteLine($"({stages.Count - changed.Count} other stage(s) up to date.) 'ariadne repro' runs the changed stages; 'ariadne commit <stage>' records their outputs as they are.");
    }

    /// <summary>The outputs recorded in ariadne.lock (all, or those named in <paramref name="targets"/>), as tracked paths whose record is the lock file.</summary>
    private static List<TrackedOutput> PipelineOutputs(DataWorkspace workspace, IReadOnlyList<string> targets)
    {
        var lockPath = LockFile.PathIn(workspace.Root);
        if (!File.Exists(lockPath))
        {
            return [];
        }

        var outputs = new List<TrackedOutput>();
        foreach (var locked in LockFile.Load(lockPath).Stages.Values.SelectMany(s => s.Outs).DistinctBy(o => o.Path, StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(Path.Combine(workspace.Root, locked.Path));
            if (targets.Count > 0 && !targets.Any(t => Path.TrimEndingDirectorySeparator(t) == full))
            {
                continue;
            }

            var pointer = new PointerFile(Path.GetFileName(full), locked.Kind, locked.Hash, locked.Size, locked.Files);
            outputs.Add(new TrackedOutput(lockPath, full, workspace.Relative(full), pointer));
        }

        return outputs;
    }
}
