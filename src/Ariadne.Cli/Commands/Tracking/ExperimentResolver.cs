using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>Experiments are named on the command line by name or id.</summary>
internal static class ExperimentResolver
{
    public static async Task<Experiment> ResolveAsync(ITrackingStore store, string nameOrId, CancellationToken cancellationToken)
    {
        var byName = await store.GetExperimentByNameAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        if (byName is not null)
        {
            return byName;
        }

        if (nameOrId.All(char.IsAsciiDigit) && await store.GetExperimentAsync(nameOrId, cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return byId;
        }

        throw AriadneException.ExperimentNotFound(nameOrId);
    }

    public static ViewType View(bool all, bool deleted) => all ? ViewType.All : deleted ? ViewType.DeletedOnly : ViewType.ActiveOnly;
}
