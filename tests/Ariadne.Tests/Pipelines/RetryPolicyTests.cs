using Ariadne.Pipelines;

namespace Ariadne.Tests.Pipelines;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_doubles_before_each_further_retry()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(5));

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], Enumerable.Range(1, 3).Select(policy.DelayBefore));
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("250ms", 0.25)]
    public void Durations_are_read_as_people_write_them(string text, double seconds)
    {
        Assert.True(DurationText.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("16G", 16L << 30)]
    [InlineData("16GiB", 16L << 30)]
    [InlineData("1024", 1024)]
    public void Sizes_are_read_in_powers_of_1024(string text, long bytes)
    {
        Assert.True(DurationText.TryParseSize(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("5x")]
    public void Nonsense_durations_are_refused(string text) => Assert.False(DurationText.TryParseDuration(text, out _));
}
