using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>Progress of SDK operations drawn as Spectre.Console progress bars.</summary>
internal sealed class SpectreProgress(ProgressContext context) : IProgressReporter
{
    public IProgressTask Start(string description, long total, ProgressUnit unit)
    {
        var task = context.AddTask(description, autoStart: true, maxValue: Math.Max(1, total));
        return new Task(task);
    }

    private sealed class Task(ProgressTask task) : IProgressTask
    {
        public void Advance(long amount) => task.Increment(amount);

        public void Increase(long total) => task.MaxValue += total;

        public void Dispose() => task.Value = task.MaxValue;
    }
}
