using Ariadne.Server.Hosting;
using Ariadne.Tracking;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's experiment search order: <c>name</c>, <c>experiment_id</c>, <c>creation_time</c> or <c>last_update_time</c>, ASC or DESC; default newest first.</summary>
internal static class ExperimentOrder
{
    public static IReadOnlyList<Experiment> Sort(IEnumerable<Experiment> experiments, IReadOnlyList<string>? orderBy)
    {
        IOrderedEnumerable<Experiment>? ordered = null;
        foreach (var clause in orderBy ?? [])
        {
            var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && !descending && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
            {
                throw ApiException.InvalidParameter($"Invalid order_by clause '{clause}': use '<field> [ASC|DESC]'.");
            }

            var field = parts[0].ToLowerInvariant();
            var dot = field.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && field[..dot] is "attribute" or "attributes" or "attr")
            {
                field = field[(dot + 1)..];
            }

            Func<Experiment, IComparable> key = field switch
            {
                "name" => e => e.Name,
                "experiment_id" => e => long.TryParse(e.ExperimentId, out var n) ? n : 0L,
                "creation_time" => e => e.CreationTime,
                "last_update_time" => e => e.LastUpdateTime,
                _ => throw ApiException.InvalidParameter($"Invalid order_by field '{parts[0]}': use name, experiment_id, creation_time or last_update_time."),
            };
            ordered = ordered is null
                ? descending ? experiments.OrderByDescending(key) : experiments.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        ordered = ordered is null
            ? experiments.OrderByDescending(e => e.CreationTime)
            : ordered;
        return [.. ordered.ThenBy(e => long.TryParse(e.ExperimentId, out var n) ? n : 0L)];
    }
}
