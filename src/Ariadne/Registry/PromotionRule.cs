using System.Globalization;
using System.Text.RegularExpressions;

namespace Ariadne.Registry;

/// <summary>
/// One condition a promotion must meet, e.g. <c>metrics.validation.accuracy &gt;= champion</c>: the candidate's metric
/// compared with the same metric of the version an alias points at, or with a number
/// (<c>metrics.validation.loss &lt; 0.3</c>). Operators: <c>&gt;= &gt; &lt;= &lt; == !=</c>.
/// </summary>
internal sealed partial record PromotionRule(string Text, string Metric, string Operator, string? Alias, double? Threshold)
{
    public static PromotionRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            throw AriadneException.InvalidArgument(
                $"The promotion rule '{text}' cannot be read. Write 'metrics.<key> <op> <alias or number>' with <op> one of >= > <= < == !=, e.g. \"metrics.validation.accuracy >= champion\" or \"metrics.validation.loss < 0.3\".");
        }

        var target = match.Groups["target"].Value;
        var number = double.TryParse(target, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null;
        if (number is null)
        {
            RegistryLimits.CheckAlias(target);
        }

        return new PromotionRule(text, match.Groups["metric"].Value, match.Groups["op"].Value, number is null ? target : null, number);
    }

    /// <summary>Whether <paramref name="candidate"/> compared with <paramref name="reference"/> meets the rule.</summary>
    public bool Holds(double candidate, double reference) => Operator switch
    {
        ">=" => candidate >= reference,
        ">" => candidate > reference,
        "<=" => candidate <= reference,
        "<" => candidate < reference,
        "==" => candidate == reference,
        _ => candidate != reference,
    };

    [GeneratedRegex(@"^\s*metrics\.(?<metric>\S+)\s*(?<op>>=|<=|==|!=|>|<)\s*(?<target>\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
