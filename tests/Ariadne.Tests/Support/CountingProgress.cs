namespace Ariadne.Tests.Support;

/// <summary>Counts the steps of each named operation, e.g. how many files "Hashing" read.</summary>
internal sealed class CountingProgress : IProgressReporter
{
    private readonly Dictionary<string, int> _steps = [];
    private readonly Lock _gate = new();

    public int Steps(string description)
    {
        lock (_gate)
        {
            return _steps.GetValueOrDefault(description);
        }
    }

    public IProgressTask Start(string description, long total, ProgressUnit unit) => new Task(this, description);

    private sealed class Task(CountingProgress owner, string description) : IProgressTask
    {
        public void Advance(long amount)
        {
            lock (owner._gate)
            {
                owner._steps[description] = owner._steps.GetValueOrDefault(description) + 1;
            }
        }

        public void Increase(long total)
        {
        }

        public void Dispose()
        {
        }
    }
}
