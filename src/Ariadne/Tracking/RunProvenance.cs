using Ariadne.RunContext;

namespace Ariadne.Tracking;

/// <summary>
/// What every run records without being asked: git state, command line, user, host, OS, runtime, hardware, packages
/// and allow-listed environment variables as <c>ariadne.*</c> tags, the full record as the artifact
/// <c>environment.json</c>, and the uncommitted diff as <c>git.diff</c> when the tree is dirty.
/// </summary>
internal static class RunProvenance
{
    public static async Task RecordAsync(ActiveRun run, string folder, CancellationToken cancellationToken)
    {
        var environment = await RunEnvironment.CaptureAsync(folder).ConfigureAwait(false);
        await run.Store.LogBatchAsync(run.RunId, [], [], environment.ToTags(), cancellationToken).ConfigureAwait(false);
        if (run.CanStoreArtifacts)
        {
            await run.LogTextAsync(environment.ToJson(), "environment.json", cancellationToken).ConfigureAwait(false);
            if (environment.GitDiff is { } diff)
            {
                await run.LogTextAsync(diff, "git.diff", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
