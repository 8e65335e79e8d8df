using Ariadne.Schedules;

namespace Ariadne.Tests.Schedules;

/// <summary>Cron slots in a time zone (Cronos): local times across the year, daylight saving changes, seconds, and the latest of several missed slots.</summary>
public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CronSchedule Cron(string text, TimeZoneInfo? zone = null) =>
        CronSchedule.TryParse(text, zone ?? TimeZoneInfo.Utc, out var problem) ?? throw new InvalidOperationException(problem);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Daily_slot_at_six_in_Berlin_is_six_local_time_in_winter_and_in_summer()
    {
        var cron = Cron("0 6 * * *", Berlin);

        Assert.Equal(Utc("2026-01-10T05:00:00Z"), cron.NextAfter(Utc("2026-01-10T00:00:00Z")));
        Assert.Equal(Utc("2026-07-10T04:00:00Z"), cron.NextAfter(Utc("2026-07-10T00:00:00Z")));
    }

    [Fact]
    public void Slot_in_the_hour_that_spring_skips_runs_when_the_clock_jumps_instead_of_being_lost()
    {
        // 29 March 2026: Berlin jumps from 02:00 to 03:00; 02:30 does not exist that night.
        var cron = Cron("30 2 * * *", Berlin);

        var slot = cron.NextAfter(Utc("2026-03-28T12:00:00Z"));

        Assert.Equal(Utc("2026-03-29T01:00:00Z"), slot); // 03:00 CEST, the first moment after the gap
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), cron.NextAfter(slot!.Value)); // 02:30 CEST the next night
    }

    [Fact]
    public void Slot_in_the_hour_that_autumn_repeats_runs_once()
    {
        // 25 October 2026: Berlin goes back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
        var cron = Cron("30 2 * * *", Berlin);

        var slot = cron.NextAfter(Utc("2026-10-24T12:00:00Z"));

        Assert.Equal(Utc("2026-10-25T00:30:00Z"), slot); // the first 02:30 (CEST)
        Assert.Equal(Utc("2026-10-26T01:30:00Z"), cron.NextAfter(slot!.Value)); // not the second 02:30 (CET) at 01:30Z on the 25th
    }

    [Fact]
    public void Six_fields_put_seconds_first()
    {
        var cron = Cron("*/10 * * * * *");

        Assert.Equal(Utc("2026-12-02T10:00:10Z"), cron.NextAfter(Utc("2026-12-02T10:00:03Z")));
    }

    [Fact]
    public void Latest_slot_after_three_missed_ones_is_the_last_of_them()
    {
        var cron = Cron("0 * * * *");

        Assert.Equal(Utc("2026-12-02T13:00:00Z"), cron.LatestIn(Utc("2026-12-02T10:00:00Z"), Utc("2026-12-02T13:30:00Z")));
        Assert.Null(cron.LatestIn(Utc("2026-12-02T13:00:00Z"), Utc("2026-12-02T13:59:59Z")));
        Assert.Equal(Utc("2026-12-02T14:00:00Z"), cron.LatestIn(Utc("2026-12-02T13:00:00Z"), Utc("2026-12-02T14:00:00Z"))); // a slot at 'now' is due
    }

    [Theory]
    [InlineData("0 6 * *", "4 field(s)")]
    [InlineData("61 * * * *", "")]
    [InlineData("0 6 * * * * *", "7 field(s)")]
    public void Invalid_expression_says_what_is_wrong(string text, string expected)
    {
        Assert.Null(CronSchedule.TryParse(text, TimeZoneInfo.Utc, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
