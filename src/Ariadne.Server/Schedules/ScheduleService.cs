using Ariadne.Schedules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ariadne.Server.Schedules;

/// <summary>
/// Runs the workspace's schedules inside <c>ariadne server</c>: a hosted background service that wakes at the next
/// cron slot (or every few seconds while a schedule watches a dataset), starts what is due and records each execution
/// as a run. Stopping the server kills executions in progress; their runs end KILLED.
/// </summary>
internal sealed partial class ScheduleService(Scheduler scheduler, TimeProvider time, ILogger<ScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task<ScheduleExecution>>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var failed in running.Where(task => task.IsFaulted))
                {
                    LogExecutionFailed(logger, failed.Exception?.GetBaseException().Message ?? "unknown");
                }

                running.RemoveAll(task => task.IsCompleted);
                try
                {
                    running.AddRange(await scheduler.StartDueAsync(stoppingToken).ConfigureAwait(false));
                }
                catch (AriadneException e)
                {
                    // A store that is away for a moment: try again at the next wake-up.
                    LogStoreFailed(logger, e.Message);
                }

                await Task.Delay(scheduler.DelayUntilNext(), time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var task in running)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or AriadneException)
                {
                    // Killed by the stop; its run ended KILLED.
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedules: an execution failed before its action ended ({Problem}).")]
    private static partial void LogExecutionFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedules: could not look at the store ({Problem}); trying again shortly.")]
    private static partial void LogStoreFailed(ILogger logger, string problem);
}
