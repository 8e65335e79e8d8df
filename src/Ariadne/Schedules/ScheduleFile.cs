using Ariadne.Pipelines;

namespace Ariadne.Schedules;

/// <summary>The schedules of a workspace: the <c>schedules:</c> section of its <c>ariadne.yaml</c> (none when the file or the section is missing).</summary>
internal sealed class ScheduleFile
{
    private ScheduleFile(string path, IReadOnlyList<Schedule> schedules)
    {
        Path = path;
        Schedules = schedules;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The schedules in the order they are written.</summary>
    public IReadOnlyList<Schedule> Schedules { get; }

    /// <summary>Reads and checks the schedules of the workspace at <paramref name="workspaceRoot"/>; every problem is reported at once with its line.</summary>
    public static ScheduleFile Load(string workspaceRoot)
    {
        var path = PipelineFile.PathIn(workspaceRoot);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path, workspaceRoot) : new ScheduleFile(path, []);
    }

    /// <summary>Parses <paramref name="text"/> as if it were the file <paramref name="path"/> of the workspace at <paramref name="workspaceRoot"/>.</summary>
    public static ScheduleFile Parse(string text, string path, string workspaceRoot)
    {
        var display = System.IO.Path.GetRelativePath(workspaceRoot, path).Replace('\\', '/');
        var parser = new ScheduleParser(display);
        var schedules = parser.Parse(text);
        var problems = parser.Problems.ToList();
        problems.AddRange(UnknownStages(schedules, text, path, workspaceRoot, display));
        return problems.Count > 0
            ? throw ScheduleErrors.InvalidSchedules([.. problems.OrderBy(p => p.Line)])
            : new ScheduleFile(path, schedules);
    }

    /// <summary>The schedule called <paramref name="name"/>; a misspelt name gets a "did you mean".</summary>
    public Schedule Find(string name) =>
        Schedules.FirstOrDefault(s => s.Name == name) ?? throw ScheduleErrors.ScheduleNotFound(name, [.. Schedules.Select(s => s.Name)]);

    /// <summary>Stages that the pipeline (when it parses) does not have; a pipeline with problems reports them itself when the stage runs.</summary>
    private static IEnumerable<ScheduleProblem> UnknownStages(List<Schedule> schedules, string text, string path, string workspaceRoot, string display)
    {
        var staged = schedules.Where(s => s.Action.Kind == ScheduleActionKind.Stage).ToList();
        if (staged.Count == 0)
        {
            yield break;
        }

        IReadOnlyList<string> stages;
        try
        {
            stages = [.. PipelineFile.Parse(text, path, workspaceRoot).Stages.Select(s => s.Name)];
        }
        catch (AriadneException)
        {
            yield break;
        }

        foreach (var schedule in staged)
        {
            var stage = schedule.Action.Value!;
            if (!stages.Contains(stage) && !stages.Any(s => s.StartsWith(stage + "@", StringComparison.Ordinal)))
            {
                yield return new ScheduleProblem(display, schedule.Line, $"schedule '{schedule.Name}' runs stage '{stage}', which the pipeline does not have",
                    Suggestions.DidYouMean(stage, stages, "Stages: " + string.Join(", ", stages)));
            }
        }
    }
}
