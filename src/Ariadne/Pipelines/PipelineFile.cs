namespace Ariadne.Pipelines;

/// <summary>
/// The pipeline file <c>ariadne.yaml</c> at the workspace root: its stages after foreach/matrix expansion and the
/// graph between them, checked as a whole before anything runs (see docs/pipelines.md for the format). Every problem
/// found is reported at once, each with file, line and a suggestion.
/// </summary>
internal sealed class PipelineFile
{
    public const string FileName = "ariadne.yaml";

    private PipelineFile(string path, IReadOnlyList<Stage> stages, PipelineGraph graph, IReadOnlyList<PlotDefinition> plots)
    {
        Path = path;
        Stages = stages;
        Graph = graph;
        Plots = plots;
    }

    public string Path { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public PipelineGraph Graph { get; }

    /// <summary>The plots <c>ariadne plots</c> draws: each stage's plots files, and the top-level <c>plots:</c> entries (which win for the same file).</summary>
    public IReadOnlyList<PlotDefinition> Plots { get; }

    /// <summary>The pipeline file of the workspace at <paramref name="workspaceRoot"/>.</summary>
    public static string PathIn(string workspaceRoot) => System.IO.Path.Combine(workspaceRoot, FileName);

    /// <summary>Reads and validates <c>ariadne.yaml</c> in <paramref name="workspaceRoot"/>.</summary>
    public static PipelineFile Load(string workspaceRoot)
    {
        var path = PathIn(workspaceRoot);
        if (!File.Exists(path))
        {
            throw AriadneException.PipelineNotFound(path);
        }

        return Parse(File.ReadAllText(path), path, workspaceRoot);
    }

    /// <summary>Parses and validates pipeline text as if it were the file <paramref name="path"/>.</summary>
    public static PipelineFile Parse(string text, string path, string workspaceRoot)
    {
        var display = System.IO.Path.GetRelativePath(workspaceRoot, path).Replace('\\', '/');
        var parser = new PipelineParser(display, workspaceRoot, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var stages = parser.Parse(text);
        if (parser.Problems.Count > 0)
        {
            // Every problem at once: the whole-pipeline checks run on what parsed (each stage name once), and their
            // problems join the parser's in line order.
            var parsed = stages.DistinctBy(s => s.Name, StringComparer.Ordinal).ToList();
            var more = parsed.Count == 0 ? [] : new PipelineValidator(display, workspaceRoot).Validate(parsed, new PipelineGraph(parsed));
            throw AriadneException.InvalidPipeline([.. parser.Problems.Concat(more).Distinct().OrderBy(p => p.Line)]);
        }

        var graph = new PipelineGraph(stages);
        var problems = new PipelineValidator(display, workspaceRoot).Validate(stages, graph);
        if (problems.Count > 0)
        {
            throw AriadneException.InvalidPipeline(problems);
        }

        var plots = parser.Plots.GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        return new PipelineFile(path, stages, graph, plots);
    }
}
