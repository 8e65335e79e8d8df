using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ariadne.Gate;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>--metric NAME --max-drop X</c> and <c>--metric NAME --max-rise X</c>, repeatable: each threshold belongs to the
/// <c>--metric</c> before it on the command line (<c>ariadne check</c> and <c>ariadne ci init</c>).
/// </summary>
internal sealed class MetricThresholdOptions
{
    public Option<string[]> Metric { get; } = new("--metric") { Description = "A metric to watch (a key 'ariadne metrics show' lists); follow it with --max-drop or --max-rise. Repeatable" };

    public Option<double[]> MaxDrop { get; } = new("--max-drop") { Description = "For the --metric before it, higher is better: fail when it falls by more than this below the baseline" };

    public Option<double[]> MaxRise { get; } = new("--max-rise") { Description = "For the --metric before it, lower is better: fail when it rises by more than this above the baseline" };

    public void AddTo(Command command)
    {
        command.Options.Add(Metric);
        command.Options.Add(MaxDrop);
        command.Options.Add(MaxRise);
    }

    /// <summary>The thresholds in command-line order; each --metric needs exactly one --max-drop or --max-rise after it.</summary>
    public IReadOnlyList<MetricThreshold> Read(ParseResult parse)
    {
        var result = new List<MetricThreshold>();
        string? metric = null;
        var tokens = parse.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option || i + 1 >= tokens.Count)
            {
                continue;
            }

            var value = tokens[i + 1].Value;
            if (tokens[i].Value == Metric.Name)
            {
                if (metric is not null)
                {
                    throw Unpaired(metric);
                }

                metric = value;
            }
            else if (tokens[i].Value == MaxDrop.Name || tokens[i].Value == MaxRise.Name)
            {
                if (metric is null)
                {
                    throw AriadneException.InvalidArgument($"{tokens[i].Value} {value} follows no --metric. Write '--metric NAME {tokens[i].Value} X'.");
                }

                var max = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(max) || max < 0)
                {
                    throw AriadneException.InvalidArgument($"{tokens[i].Value} takes a number of 0 or more (in the metric's units), not {value}.");
                }

                result.Add(new MetricThreshold(metric, tokens[i].Value == MaxDrop.Name, max));
                metric = null;
            }
        }

        return metric is null ? result : throw Unpaired(metric);
    }

    /// <summary>The thresholds as command-line arguments again, for a generated CI file.</summary>
    public static string Arguments(IEnumerable<MetricThreshold> thresholds) =>
        string.Join(' ', thresholds.Select(t => $"--metric {Format.Shell(t.Metric)} {(t.HigherIsBetter ? "--max-drop" : "--max-rise")} {t.Max.ToString("R", CultureInfo.InvariantCulture)}"));

    private static AriadneException Unpaired(string metric) =>
        AriadneException.InvalidArgument($"--metric {metric} has no threshold. Follow it with --max-drop X (higher is better) or --max-rise X (lower is better).");
}
