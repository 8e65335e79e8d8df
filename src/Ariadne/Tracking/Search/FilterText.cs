using System.Globalization;
using System.Text;

namespace Ariadne.Tracking.Search;

/// <summary>Writing filter text: quoting of keys and strings, numbers, operators.</summary>
internal static class FilterText
{
    /// <summary>Characters that end an unquoted key (besides white space).</summary>
    public static bool EndsUnquotedKey(char c) =>
        char.IsWhiteSpace(c) || c is '=' or '!' or '<' or '>' or '(' or ')' or ',' or '\'' or '"' or '`';

    public static string QuoteString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\'' => builder.Append("''"),
                '\\' => builder.Append(@"\\"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('\'').ToString();
    }

    public static string FormatKey(string key)
    {
        var plain = key.Length > 0 && !key.Any(EndsUnquotedKey);
        return plain ? key : $"`{key.Replace("\\", @"\\", StringComparison.Ordinal).Replace("`", "``", StringComparison.Ordinal)}`";
    }

    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.ILike => "ILIKE",
        ComparisonOperator.In => "IN",
        _ => "NOT IN",
    };
}
