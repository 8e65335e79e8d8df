using System.Globalization;

namespace Ariadne.Pipelines;

/// <summary>
/// One <c>-S</c> of <c>ariadne sweep</c>: a params key and the values to try. <c>a,b,c</c> or <c>choice(a,b,c)</c>
/// lists values; <c>range(start,stop[,step])</c> is integers from start up to, not including, stop (as in Python);
/// <c>uniform(a,b)</c> and <c>loguniform(a,b)</c> are continuous and need random search (<c>--random N</c>).
/// </summary>
internal sealed record SweepParameter(string File, string Key, string Spec, IReadOnlyList<string> Values, SweepDistribution Distribution, double Low, double High)
{
    public string Name => File == ParamsFile.DefaultName ? Key : $"{File}:{Key}";

    public bool IsContinuous => Distribution != SweepDistribution.Values;

    /// <summary>Parses <c>[file:]key=spec</c>.</summary>
    public static SweepParameter Parse(string text)
    {
        var (file, key, spec) = ParamOverride.Split(text);
        var open = spec.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && spec.EndsWith(')'))
        {
            var function = spec[..open].Trim();
            var args = spec[(open + 1)..^1].Split(',').Select(a => a.Trim()).ToList();
            switch (function)
            {
                case "choice":
                    return new SweepParameter(file, key, spec, Items(text, args), SweepDistribution.Values, 0, 0);
                case "range":
                    return new SweepParameter(file, key, spec, Range(text, args), SweepDistribution.Values, 0, 0);
                case "uniform":
                case "loguniform":
                    var (low, high) = Bounds(text, args, function == "loguniform");
                    return new SweepParameter(file, key, spec, [], function == "uniform" ? SweepDistribution.Uniform : SweepDistribution.LogUniform, low, high);
                default:
                    throw AriadneException.InvalidArgument($"-S '{text}': unknown function '{function}'. Use a,b,c, choice(a,b,c), range(start,stop[,step]), uniform(a,b) or loguniform(a,b).");
            }
        }

        return new SweepParameter(file, key, spec, Items(text, spec.Split(',').Select(a => a.Trim()).ToList()), SweepDistribution.Values, 0, 0);
    }

    /// <summary>A value drawn at random (the same for the same <paramref name="random"/> state).</summary>
    internal string Sample(Random random) => Distribution switch
    {
        SweepDistribution.Uniform => Number(Low + (random.NextDouble() * (High - Low))),
        SweepDistribution.LogUniform => Number(Math.Exp(Math.Log(Low) + (random.NextDouble() * (Math.Log(High) - Math.Log(Low))))),
        _ => Values[random.Next(Values.Count)],
    };

    /// <summary>Six significant digits, never in exponent form (YAML 1.1 readers take "1e-05" for a string).</summary>
    internal static string Number(double value)
    {
        var rounded = double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded.ToString("0.#####################", CultureInfo.InvariantCulture);
    }

    private static List<string> Items(string text, List<string> items)
    {
        if (items.Count == 0 || items.Any(i => i.Length == 0))
        {
            throw AriadneException.InvalidArgument($"-S '{text}' has an empty value; list values as a,b,c.");
        }

        return items;
    }

    private static List<string> Range(string text, List<string> args)
    {
        var numbers = new List<long>();
        foreach (var arg in args)
        {
            if (!long.TryParse(arg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                throw AriadneException.InvalidArgument($"-S '{text}': range() takes integers (start, stop[, step]), not '{arg}'.");
            }

            numbers.Add(n);
        }

        if (numbers.Count is < 2 or > 3)
        {
            throw AriadneException.InvalidArgument($"-S '{text}': range() takes start, stop and an optional step, e.g. range(2,8) for 2..7.");
        }

        var (start, stop, step) = (numbers[0], numbers[1], numbers.Count == 3 ? numbers[2] : 1);
        if (step == 0)
        {
            throw AriadneException.InvalidArgument($"-S '{text}': the step of range() cannot be 0.");
        }

        var values = new List<string>();
        for (var v = start; step > 0 ? v < stop : v > stop; v += step)
        {
            values.Add(v.ToString(CultureInfo.InvariantCulture));
            if (values.Count > 100_000)
            {
                throw AriadneException.InvalidArgument($"-S '{text}': range() gives more than 100000 values.");
            }
        }

        if (values.Count == 0)
        {
            throw AriadneException.InvalidArgument($"-S '{text}': the range is empty (stop is not beyond start; range(2,8) gives 2..7).");
        }

        return values;
    }

    private static (double Low, double High) Bounds(string text, List<string> args, bool positive)
    {
        if (args.Count != 2
            || !double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            || !double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw AriadneException.InvalidArgument($"-S '{text}' needs two numbers, low and high, e.g. uniform(0.1,0.9).");
        }

        if (low >= high)
        {
            throw AriadneException.InvalidArgument($"-S '{text}': the range is empty (low must be below high).");
        }

        if (positive && low <= 0)
        {
            throw AriadneException.InvalidArgument($"-S '{text}': loguniform() needs a low bound above 0.");
        }

        return (low, high);
    }
}
