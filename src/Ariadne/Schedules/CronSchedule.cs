using Cronos;

namespace Ariadne.Schedules;

/// <summary>
/// A cron expression in a time zone (Cronos): five fields (minute hour day month weekday), six with seconds first, or a
/// macro such as <c>@daily</c>. Slots are computed in the zone, so <c>0 6 * * *</c> in Europe/Berlin is 06:00 local
/// time in summer and in winter; a slot a DST change skips runs at the first time after the gap, a repeated hour runs once.
/// </summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        _expression = expression;
        Zone = zone;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses <paramref name="text"/>; the problem is returned as text (for the parser's line-numbered errors) instead of thrown.</summary>
    public static CronSchedule? TryParse(string text, TimeZoneInfo zone, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!trimmed.StartsWith('@') && fields is not (5 or 6))
        {
            problem = $"has {fields} field(s); a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)";
            return null;
        }

        try
        {
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new CronSchedule(trimmed, CronExpression.Parse(trimmed, format), zone);
        }
        catch (CronFormatException e)
        {
            problem = e.Message.TrimEnd('.');
            return null;
        }
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when the expression has none (e.g. 30 February).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The latest slot in (<paramref name="after"/>, <paramref name="upTo"/>], or null when there is none: the one slot a scheduler that was away runs.</summary>
    public DateTimeOffset? LatestIn(DateTimeOffset after, DateTimeOffset upTo)
    {
        DateTimeOffset? latest = null;
        foreach (var slot in _expression.GetOccurrences(after, upTo, Zone, fromInclusive: false, toInclusive: true))
        {
            latest = slot;
        }

        return latest;
    }
}
