namespace Ariadne.Lineage;

/// <summary>
/// One step of lineage between node ids (<see cref="LineageRun.Id"/>, <see cref="LineageData.Id"/>,
/// <see cref="LineageModel.Id"/>): a run read data (<see cref="LineageEdgeKind.Used"/>, data → run), a run wrote data
/// (<see cref="LineageEdgeKind.Generated"/>, run → data), a pipeline run holds a stage run
/// (<see cref="LineageEdgeKind.Contains"/>), a file is part of a folder (<see cref="LineageEdgeKind.PartOf"/>), a
/// model version comes from a run (<see cref="LineageEdgeKind.Registered"/>, run → model).
/// </summary>
internal sealed record LineageEdge(string From, string To, LineageEdgeKind Kind, string? Path = null, string? Role = null);

/// <summary>The kinds of <see cref="LineageEdge"/>.</summary>
internal enum LineageEdgeKind
{
    Used,
    Generated,
    Contains,
    PartOf,
    Registered,
}
