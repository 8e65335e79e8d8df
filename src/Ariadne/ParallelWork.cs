using System.Runtime.ExceptionServices;

namespace Ariadne;

/// <summary>Parallel loops on every core that surface the first <see cref="AriadneException"/> as itself, not wrapped.</summary>
internal static class ParallelWork
{
    private static readonly ParallelOptions AllCores = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    public static void For(int count, Action<int> body) => Unwrapped(() => Parallel.For(0, count, AllCores, body));

    public static void ForEach<T>(IEnumerable<T> items, Action<T> body) => Unwrapped(() => Parallel.ForEach(items, AllCores, body));

    private static void Unwrapped(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<AriadneException>().FirstOrDefault() is { } first)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
