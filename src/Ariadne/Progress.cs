namespace Ariadne;

/// <summary>Where long operations report how far they are. The CLI draws a bar on a terminal and stays quiet when piped.</summary>
internal interface IProgressReporter
{
    IProgressTask Start(string description, long total, ProgressUnit unit);
}

/// <summary>One running operation's progress. Thread-safe.</summary>
internal interface IProgressTask : IDisposable
{
    void Advance(long amount);

    void Increase(long total);
}

internal enum ProgressUnit
{
    Items,
    Bytes,
}

/// <summary>Reports nothing: the default for the SDK and for piped output.</summary>
internal sealed class NoProgress : IProgressReporter, IProgressTask
{
    public static NoProgress Instance { get; } = new();

    public IProgressTask Start(string description, long total, ProgressUnit unit) => this;

    public void Advance(long amount)
    {
    }

    public void Increase(long total)
    {
    }

    public void Dispose()
    {
    }
}
