using System.Text;

namespace Ariadne.Tracking.Search;

/// <summary>
/// LIKE patterns as search filters write them (<c>%</c> any run of characters, <c>_</c> one character, a backslash
/// makes the next character literal; a trailing lone backslash is a literal backslash), rewritten for each database.
/// </summary>
/// <remarks>
/// SQLite's LIKE ignores the case of ASCII letters (unless <c>PRAGMA case_sensitive_like</c>, which is per
/// connection and which a store should not rely on), while MLflow's LIKE is case-sensitive. So on SQLite a LIKE
/// becomes a GLOB, which is case-sensitive: <c>%</c> becomes <c>*</c>, <c>_</c> becomes <c>?</c>, and the GLOB
/// metacharacters <c>*</c>, <c>?</c> and <c>[</c> that are literal in the pattern become the one-character classes
/// <c>[*]</c>, <c>[?]</c> and <c>[[]</c>. A GLOB whose pattern does not start with a wildcard can still use the
/// (key, value) indexes, as LIKE could. ILIKE on SQLite is LIKE with <c>ESCAPE '\'</c>; like PostgreSQL's ILIKE it
/// ignores case, but only for ASCII letters (SQLite has no Unicode case folding without ICU).
/// </remarks>
internal static class LikePattern
{
    /// <summary>The pattern for PostgreSQL LIKE / ILIKE (whose default escape is backslash) and for SQLite's LIKE ... ESCAPE '\'.</summary>
    public static string ToLike(string pattern) => Rewrite(pattern, glob: false);

    /// <summary>The pattern for SQLite's case-sensitive GLOB.</summary>
    public static string ToGlob(string pattern) => Rewrite(pattern, glob: true);

    private static string Rewrite(string pattern, bool glob)
    {
        var builder = new StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '%' || c == '_')
            {
                builder.Append(glob ? (c == '%' ? '*' : '?') : c);
                continue;
            }

            if (c == '\\' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
            }

            AppendLiteral(builder, c, glob);
        }

        return builder.ToString();
    }

    private static void AppendLiteral(StringBuilder builder, char c, bool glob)
    {
        if (glob)
        {
            _ = c is '*' or '?' or '[' ? builder.Append('[').Append(c).Append(']') : builder.Append(c);
        }
        else
        {
            _ = c is '%' or '_' or '\\' ? builder.Append('\\').Append(c) : builder.Append(c);
        }
    }
}
