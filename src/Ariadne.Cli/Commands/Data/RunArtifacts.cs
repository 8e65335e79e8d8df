using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Data;

/// <summary>Inside 'ariadne run' (ARIADNE_RUN_ID set), data commands record what they wrote on that run.</summary>
internal static class RunArtifacts
{
    public static bool InRun => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TrackingKeys.RunIdVariable));

    public static async Task<string?> LogAsync(CliContext context, Func<ActiveRun, Task> log, CancellationToken cancellationToken)
    {
        if (!InRun)
        {
            return null;
        }

        await using var tracking = context.OpenTracking();
        await using var run = await tracking.StartRunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await log(run).ConfigureAwait(false);
        return run.RunId;
    }
}
