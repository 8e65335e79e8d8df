using System.Globalization;
using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;
using Ariadne.Data.Statistics;

namespace Ariadne.Data.Drift;

/// <summary>
/// Compares a current data file with a reference (a data file, or a profile written by <c>ariadne data profile</c>)
/// column by column, with the tests Evidently uses and the same binning, and gives a dataset-level verdict.
/// </summary>
public static class DriftDetector
{
    /// <summary>Evidently's boundary between "small" and "large" references.</summary>
    public const int SmallSample = 1000;

    /// <summary>Compares the columns that two tables (or saved profiles, <c>.profile.json</c>) share, one drift test per column, and says whether the dataset drifted.</summary>
    public static async Task<DriftReport> CompareAsync(string reference, string current, DriftOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DriftOptions();
        var referenceColumns = await LoadAsync(reference, options.Columns, options.Reading, cancellationToken).ConfigureAwait(false);
        var currentColumns = await LoadAsync(current, options.Columns, options.Reading, cancellationToken).ConfigureAwait(false);
        if (options.Columns is { } wanted)
        {
            foreach (var name in wanted)
            {
                if (!referenceColumns.Any(c => c.Distribution.Name == name))
                {
                    throw AriadneException.ColumnNotFound(reference, name, await AllColumnsAsync(reference, options.Reading, cancellationToken).ConfigureAwait(false));
                }

                if (!currentColumns.Any(c => c.Distribution.Name == name))
                {
                    throw AriadneException.ColumnNotFound(current, name, await AllColumnsAsync(current, options.Reading, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        var skipped = new List<string>();
        var pairs = new Dictionary<string, (ColumnDistribution, ColumnDistribution)>(StringComparer.Ordinal);
        var work = new List<(ColumnDistribution Reference, ColumnDistribution Current, DriftTest Test)>();
        foreach (var (refDistribution, _) in referenceColumns)
        {
            var name = refDistribution.Name;
            var match = currentColumns.FirstOrDefault(c => c.Distribution.Name == name);
            if (match.Distribution is null)
            {
                skipped.Add($"{name}: not in {Path.GetFileName(current)}");
                continue;
            }

            var chosen = options.ColumnTests.TryGetValue(name, out var columnTest) ? columnTest : options.Test;
            var (refSide, curSide) = Align(refDistribution, match, current, chosen);
            if (refSide.Count == 0 || curSide.Count == 0)
            {
                skipped.Add($"{name}: no values in {(refSide.Count == 0 ? Path.GetFileName(reference) : Path.GetFileName(current))}");
                continue;
            }

            work.Add((refSide, curSide, chosen));
            pairs[name] = (refSide, curSide);
        }

        if (work.Count == 0)
        {
            throw AriadneException.BadData(current, "columns", $"no column could be compared with '{reference}'{(skipped.Count > 0 ? $" ({string.Join("; ", skipped)})" : "")}. Drift needs at least one column with values on both sides.");
        }

        // Columns are independent: test them in parallel, keeping the reference's column order in the report.
        var results = new ColumnDrift[work.Count];
        Parallel(work.Count, i =>
        {
            var (refSide, curSide, test) = work[i];
            test = test == DriftTest.Auto ? Choose(refSide, curSide) : test;
            results[i] = Run(refSide, curSide, test, options.Threshold ?? test.DefaultThreshold());
        });

        return new DriftReport(reference, current, results, options.DriftShare, skipped) { Pairs = pairs };
    }

    private static async Task<List<(ColumnDistribution Distribution, ColumnValues? Values)>> LoadAsync(string path, IReadOnlyCollection<string>? columns, TableReadOptions reading, CancellationToken cancellationToken)
    {
        if (ProfileFile.IsProfile(path))
        {
            var stored = ProfileFile.ReadDistributions(path, out var profiled);
            if (profiled == 0)
            {
                throw NoRows(path);
            }

            return [.. stored.Where(d => columns is null || columns.Contains(d.Name)).Select(d => (d, (ColumnValues?)null))];
        }

        var (values, rows) = await ColumnValues.ReadAsync(path, only: columns, cancellationToken: cancellationToken, reading: reading).ConfigureAwait(false);
        if (rows == 0)
        {
            throw NoRows(path);
        }

        var distributions = new ColumnDistribution[values.Count];
        Parallel(values.Count, i => distributions[i] = ColumnDistribution.From(values[i])); // sorts each numeric column
        return [.. values.Select((v, i) => (distributions[i], (ColumnValues?)v))];
    }

    private static AriadneException NoRows(string path) =>
        AriadneException.BadData(path, "rows", "there are no data rows (a header only, or an empty array), so there is nothing to test for drift. Check that the file was written completely.");

    /// <summary>Every column of a data file or profile, for the message naming a column that is not there.</summary>
    private static async Task<IReadOnlyList<string>> AllColumnsAsync(string path, TableReadOptions reading, CancellationToken cancellationToken)
    {
        if (ProfileFile.IsProfile(path))
        {
            return [.. ProfileFile.ReadDistributions(path, out _).Select(d => d.Name)];
        }

        using var reader = await TableReader.OpenAsync(path, cancellationToken: cancellationToken, options: reading).ConfigureAwait(false);
        return reader.ColumnNames;
    }

    /// <summary>Parallel.For that rethrows an <see cref="AriadneException"/> as itself, so messages reach the user unwrapped.</summary>
    private static void Parallel(int count, Action<int> body)
    {
        try
        {
            System.Threading.Tasks.Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is AriadneException) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
    }

    /// <summary>
    /// Makes both sides the same kind: a numeric reference needs numbers in the current data unless the column's test
    /// compares categories (chisquare, z, jensenshannon, psi); otherwise both are compared as categories.
    /// </summary>
    private static (ColumnDistribution, ColumnDistribution) Align(ColumnDistribution reference, (ColumnDistribution Distribution, ColumnValues? Values) current, string currentPath, DriftTest test)
    {
        var cur = current.Distribution;
        if (reference.IsNumeric == cur.IsNumeric || reference.Count == 0 || cur.Count == 0)
        {
            return (reference, cur);
        }

        if (reference.IsNumeric && test is DriftTest.Auto or DriftTest.KolmogorovSmirnov or DriftTest.Wasserstein && current.Values is { FirstText: { } text })
        {
            throw AriadneException.BadData(currentPath, $"row {text.Row}, column '{reference.Name}'",
                $"'{text.Text}' is not a number, but the column is numeric in the reference. Clean the value, or compare the column as categories with a categorical test (--column-test {reference.Name}=chisquare).");
        }

        return (AsCategories(reference), AsCategories(cur));
    }

    private static ColumnDistribution AsCategories(ColumnDistribution d)
    {
        if (!d.IsNumeric)
        {
            return d;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in d.Sorted)
        {
            var key = (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture); // -0 and 0 are one value
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return ColumnDistribution.Categorical(d.Name, counts, d.Exact);
    }

    /// <summary>
    /// Evidently's default choice. References of at most 1,000 values: Kolmogorov-Smirnov for numbers with more than 5
    /// distinct values, otherwise chi-squared (more than 2 distinct) or the z-test (binary). Larger references:
    /// Wasserstein distance (normed by the reference's standard deviation) for numbers with more than 5 distinct values,
    /// otherwise Jensen-Shannon distance.
    /// </summary>
    internal static DriftTest Choose(ColumnDistribution reference, ColumnDistribution current)
    {
        var distinct = DistinctInBoth(reference, current);
        if (reference.Count <= SmallSample)
        {
            return reference.IsNumeric && distinct > 5 ? DriftTest.KolmogorovSmirnov : distinct > 2 ? DriftTest.ChiSquared : DriftTest.ZTest;
        }

        return reference.IsNumeric && distinct > 5 ? DriftTest.Wasserstein : DriftTest.JensenShannon;
    }

    /// <summary>Distinct values of both sides together, counted only up to <paramref name="enough"/> (the choice needs no more).</summary>
    private static long DistinctInBoth(ColumnDistribution a, ColumnDistribution b, long enough = 6)
    {
        if (!a.IsNumeric)
        {
            return a.Counts.Keys.Union(b.Counts.Keys, StringComparer.Ordinal).LongCount();
        }

        // Merge the two sorted arrays, counting value changes.
        ReadOnlySpan<double> x = a.Sorted, y = b.Sorted;
        int i = 0, j = 0;
        long distinct = 0;
        var last = double.NaN;
        while ((i < x.Length || j < y.Length) && distinct < enough)
        {
            var next = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i++] : y[j++];
            if (distinct == 0 || next != last)
            {
                distinct++;
                last = next;
            }
        }

        return distinct;
    }

    internal static ColumnDrift Run(ColumnDistribution reference, ColumnDistribution current, DriftTest test, double threshold)
    {
        if (!reference.IsNumeric && test is DriftTest.KolmogorovSmirnov or DriftTest.Wasserstein)
        {
            throw AriadneException.InvalidArgument($"Column '{reference.Name}' is categorical; the {test.Name()} test needs numbers. Use chisquare, z, jensenshannon or psi for it.");
        }

        var result = test switch
        {
            // A profile's column with many distinct values is 1,001 quantiles standing for Count values: the p-value uses Count.
            DriftTest.KolmogorovSmirnov => KolmogorovSmirnovTest.TestSummarised(reference.Sorted, reference.Count, current.Sorted, current.Count),
            DriftTest.Wasserstein => new TestResult(WassersteinDistance.BetweenSorted(reference.Sorted, current.Sorted) / Math.Max(PopulationStd(reference.Sorted), 0.001), double.NaN),
            DriftTest.ChiSquared => ChiSquared(AsCategories(reference), AsCategories(current)),
            DriftTest.ZTest => ZTest(AsCategories(reference), AsCategories(current)),
            DriftTest.JensenShannon => JensenShannon(reference, current),
            DriftTest.Psi => Psi(reference, current),
            _ => throw new ArgumentOutOfRangeException(nameof(test)),
        };
        var drifted = test.IsHypothesisTest() ? result.PValue < threshold : result.Statistic >= threshold;
        return new ColumnDrift(reference.Name, reference.IsNumeric, test, result.Statistic, result.PValue, threshold, drifted, reference.Count, current.Count, reference.Exact && current.Exact);
    }

    private static TestResult JensenShannon(ColumnDistribution reference, ColumnDistribution current)
    {
        var (r, c) = Binned(reference, current, false);
        return new TestResult(JensenShannonDistance.Between(r, c), double.NaN);
    }

    private static TestResult Psi(ColumnDistribution reference, ColumnDistribution current)
    {
        var (r, c) = Binned(reference, current, true);
        return new TestResult(PopulationStabilityIndex.Between(r, c), double.NaN);
    }

    private static double PopulationStd(double[] values)
    {
        var mean = 0.0;
        foreach (var v in values) { mean += v; }
        mean /= values.Length;
        var sum = 0.0;
        foreach (var v in values) { sum += (v - mean) * (v - mean); }
        return Math.Sqrt(sum / values.Length);
    }

    private static TestResult ChiSquared(ColumnDistribution reference, ColumnDistribution current)
    {
        var keys = reference.Counts.Keys.Union(current.Counts.Keys, StringComparer.Ordinal).ToList();
        var scale = (double)current.Count / reference.Count;
        var observed = keys.Select(k => (double)current.Counts.GetValueOrDefault(k)).ToArray();
        var expected = keys.Select(k => reference.Counts.GetValueOrDefault(k) * scale).ToArray();
        return ChiSquaredTest.Test(observed, expected);
    }

    private static TestResult ZTest(ColumnDistribution reference, ColumnDistribution current)
    {
        var keys = reference.Counts.Keys.Union(current.Counts.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (keys.Count > 2)
        {
            throw AriadneException.InvalidArgument($"Column '{reference.Name}' has {keys.Count} distinct values; the z-test is for binary columns. Use chisquare or jensenshannon.");
        }

        if (keys.Count == 1)
        {
            return new TestResult(0, 1);
        }

        return ProportionZTest.Test(reference.Counts.GetValueOrDefault(keys[0]), reference.Count, current.Counts.GetValueOrDefault(keys[0]), current.Count);
    }

    /// <summary>
    /// Shares per bin as Evidently bins them: numbers with more than 20 distinct reference values in Sturges bins over
    /// both samples together, anything else per value. With <paramref name="fillZeroes"/> (PSI), empty bins get a small
    /// share (the smallest non-zero share / 10⁶ when that is at most 0.0001, else 0.0001).
    /// </summary>
    internal static (double[] Reference, double[] Current) Binned(ColumnDistribution reference, ColumnDistribution current, bool fillZeroes)
    {
        double[] r, c;
        if (reference.IsNumeric && reference.Distinct() > 20)
        {
            var min = Math.Min(reference.Sorted[0], current.Sorted[0]);
            var max = Math.Max(reference.Sorted[^1], current.Sorted[^1]);
            var edges = Quantiles.SturgesEdges(min, max, reference.Sorted.Length + current.Sorted.Length);
            r = [.. Quantiles.Histogram(reference.Sorted, edges).Select(n => (double)n / reference.Sorted.Length)];
            c = [.. Quantiles.Histogram(current.Sorted, edges).Select(n => (double)n / current.Sorted.Length)];
        }
        else
        {
            var refCounts = AsCategories(reference);
            var curCounts = AsCategories(current);
            var keys = refCounts.Counts.Keys.Union(curCounts.Counts.Keys, StringComparer.Ordinal).ToList();
            r = [.. keys.Select(k => (double)refCounts.Counts.GetValueOrDefault(k) / refCounts.Count)];
            c = [.. keys.Select(k => (double)curCounts.Counts.GetValueOrDefault(k) / curCounts.Count)];
        }

        if (fillZeroes)
        {
            FillZeroes(r);
            FillZeroes(c);
        }

        return (r, c);
    }

    private static void FillZeroes(double[] shares)
    {
        var smallest = shares.Where(s => s != 0).DefaultIfEmpty(1).Min();
        var fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                shares[i] = fill;
            }
        }
    }
}
