using Ariadne.Cli.Commands.Tracking;
using Ariadne.RunContext;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Env;

/// <summary>A run named on the command line (id or prefix) and the environment it recorded.</summary>
internal static class RunEnvironmentLookup
{
    public static async Task<(Run Run, EnvironmentRecord Environment)> LoadAsync(CliContext context, TrackingClient tracking, string idOrPrefix, CancellationToken cancellationToken)
    {
        var run = await RunLookup.GetAsync(tracking.Store, idOrPrefix, cancellationToken).ConfigureAwait(false);
        var workspace = context.OpenWorkspace();
        return (run, await RecordedEnvironment.LoadAsync(tracking.Store, workspace.Cache, run, cancellationToken).ConfigureAwait(false));
    }
}
