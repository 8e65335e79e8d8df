namespace Ariadne.Pipelines;

/// <summary>
/// Which stage feeds which: stage B depends on stage A when a dependency of B is an output of A, lies inside one, or
/// holds one. Gives the stages in dependency order (file order among independent stages) and finds cycles.
/// </summary>
internal sealed class PipelineGraph
{
    private readonly Dictionary<string, List<string>> _upstream = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _downstream = new(StringComparer.Ordinal);

    public PipelineGraph(IReadOnlyList<Stage> stages)
    {
        Stages = stages;
        foreach (var stage in stages)
        {
            _upstream[stage.Name] = [];
            _downstream[stage.Name] = [];
        }

        foreach (var consumer in stages)
        {
            foreach (var producer in stages)
            {
                if (producer == consumer)
                {
                    continue;
                }

                if (consumer.Deps.Any(d => producer.AllOutputs.Any(o => o.Overlaps(d.Path))))
                {
                    _upstream[consumer.Name].Add(producer.Name);
                    _downstream[producer.Name].Add(consumer.Name);
                }
            }
        }
    }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>Stages whose outputs <paramref name="stage"/> reads.</summary>
    public IReadOnlyList<string> Upstream(string stage) => _upstream[stage];

    /// <summary>Stages that read outputs of <paramref name="stage"/>.</summary>
    public IReadOnlyList<string> Downstream(string stage) => _downstream[stage];

    public Stage this[string name] => Stages.First(s => s.Name == name);

    public bool Contains(string name) => _upstream.ContainsKey(name);

    /// <summary>One cycle as stage names (the first repeated at the end), or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var next in _downstream[name])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var start = path.IndexOf(next);
                    return [.. path.Skip(start), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            return null;
        }

        foreach (var stage in Stages)
        {
            if (state.GetValueOrDefault(stage.Name) == 0 && Visit(stage.Name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Every stage after all the stages it depends on; independent stages keep their file order.</summary>
    public IReadOnlyList<Stage> TopologicalOrder()
    {
        var remaining = Stages.ToDictionary(s => s.Name, s => _upstream[s.Name].Count, StringComparer.Ordinal);
        var order = new List<Stage>();
        while (order.Count < Stages.Count)
        {
            var next = Stages.FirstOrDefault(s => remaining.TryGetValue(s.Name, out var n) && n == 0)
                ?? throw new InvalidOperationException("The pipeline has a cycle; validate it first.");
            remaining.Remove(next.Name);
            order.Add(next);
            foreach (var down in _downstream[next.Name])
            {
                remaining[down]--;
            }
        }

        return order;
    }

    /// <summary>
    /// The named stages and everything upstream of them (what <c>repro train</c> must bring up to date), in
    /// dependency order; all stages when none are named.
    /// </summary>
    public IReadOnlyList<Stage> Select(IReadOnlyCollection<string> targets)
    {
        if (targets.Count == 0)
        {
            return TopologicalOrder();
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(targets);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (wanted.Add(name))
            {
                foreach (var up in _upstream[name])
                {
                    pending.Push(up);
                }
            }
        }

        return [.. TopologicalOrder().Where(s => wanted.Contains(s.Name))];
    }
}
