namespace Ariadne.Tests.Schedules;

/// <summary>A clock the test moves by hand: the scheduler sees only what <see cref="Now"/> says.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
