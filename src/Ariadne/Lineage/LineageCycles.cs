namespace Ariadne.Lineage;

/// <summary>
/// Cycles in recorded hashes: a run that read bytes it wrote itself, or runs that read each other's outputs. The walk
/// visits every node once, so it ends; this finds each cycle it passed (one per back edge of a depth-first search)
/// so lineage can say so instead of drawing an impossible history as if it were a path.
/// </summary>
internal static class LineageCycles
{
    public static IReadOnlyList<IReadOnlyList<string>> Find(LineageGraph graph)
    {
        var next = graph.Edges.Where(e => e.Kind is LineageEdgeKind.Used or LineageEdgeKind.Generated or LineageEdgeKind.PartOf)
            .GroupBy(e => e.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the stack, true: done
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var start in graph.NodeIds)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var path = new List<string> { start };
            var iterators = new Stack<IEnumerator<string>>();
            state[start] = false;
            iterators.Push((next.GetValueOrDefault(start) ?? []).GetEnumerator());
            while (iterators.Count > 0)
            {
                var iterator = iterators.Peek();
                if (!iterator.MoveNext())
                {
                    iterators.Pop();
                    state[path[^1]] = true;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                var node = iterator.Current;
                if (!state.TryGetValue(node, out var done))
                {
                    state[node] = false;
                    path.Add(node);
                    iterators.Push((next.GetValueOrDefault(node) ?? []).GetEnumerator());
                }
                else if (!done)
                {
                    cycles.Add(path[path.IndexOf(node)..]);
                }
            }
        }

        return cycles;
    }
}
