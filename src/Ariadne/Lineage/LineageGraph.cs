namespace Ariadne.Lineage;

/// <summary>
/// What a lineage walk found: runs and data (by content hash) as nodes, reads and writes as edges, the data whose
/// origin is unknown (gaps), and the cycles in the recorded hashes. <see cref="Direction"/> says which way it was walked.
/// </summary>
internal sealed class LineageGraph(LineageTarget target, LineageDirection direction)
{
    private readonly Dictionary<string, LineageRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineageData> _data = new(StringComparer.Ordinal);
    private readonly HashSet<LineageEdge> _edges = [];
    private readonly List<LineageModel> _models = [];

    public LineageTarget Target { get; } = target;

    public LineageDirection Direction { get; } = direction;

    public IReadOnlyCollection<LineageRun> Runs => _runs.Values;

    public IReadOnlyCollection<LineageData> Data => _data.Values;

    public IReadOnlyList<LineageModel> Models => _models;

    /// <summary>Edges in a stable order: by kind, then endpoints, then path.</summary>
    public IReadOnlyList<LineageEdge> Edges =>
        [.. _edges.OrderBy(e => e.Kind).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal)];

    /// <summary>Data nothing explains: no recorded run wrote the bytes, no pointer file tracks them, git does not hold them.</summary>
    public IReadOnlyList<LineageData> Gaps => [.. _data.Values.Where(d => d.Origin == DataOrigin.Gap).OrderBy(d => d.Hash, StringComparer.Ordinal)];

    /// <summary>Each cycle as the node ids along it (a run that read bytes it wrote itself is the shortest: run, data).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles { get; set; } = [];

    public bool HasRun(string runId) => _runs.ContainsKey(runId);

    public LineageRun? FindRun(string runId) => _runs.GetValueOrDefault(runId);

    public LineageData? FindData(string hash) => _data.GetValueOrDefault(hash);

    public void Add(LineageRun run) => _runs.TryAdd(run.RunId, run);

    /// <summary>Adds a model version once (by <see cref="LineageModel.Id"/>; the first URI it was named by stays).</summary>
    public void Add(LineageModel model)
    {
        if (_models.TrueForAll(m => m.Id != model.Id))
        {
            _models.Add(model);
        }
    }

    /// <summary>The data node for <paramref name="hash"/>, made on first use.</summary>
    public LineageData DataFor(string hash) => _data.TryGetValue(hash, out var data) ? data : _data[hash] = new LineageData(hash);

    public void Connect(LineageEdge edge) => _edges.Add(edge);

    /// <summary>Nodes in a stable order: runs by start time, then data by hash.</summary>
    public IEnumerable<string> NodeIds =>
        _models.Select(m => m.Id)
            .Concat(_runs.Values.OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).Select(r => r.Id))
            .Concat(_data.Values.OrderBy(d => d.Hash, StringComparer.Ordinal).Select(d => d.Id));
}
