using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>Runs are named on the command line by their full id or a unique prefix of at least 6 characters.</summary>
internal static class RunLookup
{
    public static async Task<Run> GetAsync(ITrackingStore store, string idOrPrefix, CancellationToken cancellationToken)
    {
        if (idOrPrefix.Length == 32)
        {
            return await store.GetRunAsync(idOrPrefix, cancellationToken).ConfigureAwait(false);
        }

        if (idOrPrefix.Length < 6 || !idOrPrefix.All(char.IsAsciiHexDigit))
        {
            throw AriadneException.InvalidArgument($"'{idOrPrefix}' is not a run id: give the 32-character id or at least its first 6 characters.");
        }

        var experiments = await store.ListExperimentsAsync(ViewType.All, cancellationToken).ConfigureAwait(false);
        var search = new RunSearch([.. experiments.Select(e => e.ExperimentId)], $"attributes.run_id LIKE '{idOrPrefix.ToLowerInvariant()}%'", MaxResults: 2, ViewType: ViewType.All);
        var page = await store.SearchRunsAsync(search, cancellationToken).ConfigureAwait(false);
        return page.Runs.Count switch
        {
            1 => page.Runs[0],
            0 => throw AriadneException.RunNotFound(idOrPrefix),
            _ => throw AriadneException.InvalidArgument($"Several runs start with '{idOrPrefix}'; give more characters of the id."),
        };
    }
}
