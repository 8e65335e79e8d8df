namespace Ariadne.Pipelines;

/// <summary>The stages a command names (all when none), in dependency order; an unknown name is refused with the known ones.</summary>
internal static class StageSelection
{
    public static List<Stage> Of(PipelineFile pipeline, IReadOnlyCollection<string> names)
    {
        foreach (var name in names.Where(n => !pipeline.Graph.Contains(n)))
        {
            throw AriadneException.StageNotFound(name, pipeline.Stages.Select(s => s.Name));
        }

        return [.. pipeline.Graph.TopologicalOrder().Where(s => names.Count == 0 || names.Contains(s.Name))];
    }
}
