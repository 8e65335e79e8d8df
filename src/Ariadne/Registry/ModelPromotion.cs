using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>The outcome of a promotion: whether the alias moved, and one line per rule saying what was compared.</summary>
internal sealed record PromotionOutcome(bool Promoted, ModelVersion Candidate, ModelVersion? Holder, IReadOnlyList<string> Checks);

/// <summary>
/// Moves an alias (<c>champion</c>) to the version another alias (<c>challenger</c>) points at, only when every rule
/// holds against the current holder's run metrics, so a CI job can gate on it. A rule that cannot be checked (a metric
/// either run lacks, a version without a source run) is an error, and nothing moves.
/// </summary>
internal static class ModelPromotion
{
    public static async Task<PromotionOutcome> PromoteAsync(ITrackingStore store, string name, string from, string to, IReadOnlyList<string> rules, CancellationToken cancellationToken)
    {
        RegistryLimits.CheckAlias(from);
        RegistryLimits.CheckAlias(to);
        var parsed = rules.Select(PromotionRule.Parse).ToList();
        var candidate = await store.GetModelVersionByAliasAsync(name, from, cancellationToken).ConfigureAwait(false);
        var model = await store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        ModelVersion? holder = model.Aliases.TryGetValue(to, out var held) ? await store.GetModelVersionAsync(name, held, cancellationToken).ConfigureAwait(false) : null;

        var checks = new List<string>();
        var holds = true;
        foreach (var rule in parsed)
        {
            var mine = await MetricAsync(store, candidate, from, rule.Metric, cancellationToken).ConfigureAwait(false);
            double reference;
            string against;
            if (rule.Threshold is { } threshold)
            {
                reference = threshold;
                against = Number(threshold);
            }
            else
            {
                var other = rule.Alias == to ? holder : model.Aliases.TryGetValue(rule.Alias!, out var v) ? await store.GetModelVersionAsync(name, v, cancellationToken).ConfigureAwait(false) : null;
                if (other is null)
                {
                    checks.Add($"{rule.Text}: no version is '{rule.Alias}' yet, so there is nothing to beat (holds)");
                    continue;
                }

                reference = await MetricAsync(store, other, rule.Alias!, rule.Metric, cancellationToken).ConfigureAwait(false);
                against = $"{Number(reference)} ({rule.Alias}, version {other.Version.ToString(CultureInfo.InvariantCulture)})";
            }

            var ok = rule.Holds(mine, reference);
            holds &= ok;
            checks.Add($"{rule.Text}: {Number(mine)} ({from}, version {candidate.Version.ToString(CultureInfo.InvariantCulture)}) {rule.Operator} {against}: {(ok ? "holds" : "FAILS")}");
        }

        if (holds)
        {
            await store.SetModelAliasAsync(name, to, candidate.Version, cancellationToken).ConfigureAwait(false);
        }

        return new PromotionOutcome(holds, candidate, holder, checks);
    }

    private static async Task<double> MetricAsync(ITrackingStore store, ModelVersion version, string alias, string metric, CancellationToken cancellationToken)
    {
        var runId = version.RunId ?? throw AriadneException.InvalidArgument(
            $"{version.Uri} ('{alias}') was registered from a path, not a run, so it has no metrics to compare. Register it from a run (--run RUN --path PATH) to gate promotions on metrics.");
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var found = run.LatestMetrics.Where(m => m.Key == metric).ToList();
        if (found.Count == 0)
        {
            var known = run.LatestMetrics.Select(m => m.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            throw AriadneException.InvalidArgument(
                $"'{alias}' ({version.Uri}, run {runId}) has no metric '{metric}', so the rule cannot be checked and nothing was promoted. Its metrics: {(known.Count == 0 ? "none" : string.Join(", ", known))}.");
        }

        return found[^1].Value;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
