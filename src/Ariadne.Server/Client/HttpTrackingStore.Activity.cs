using Ariadne.Server.Mlflow;
using Ariadne.Server.WebUi;
using Ariadne.Tracking;

namespace Ariadne.Server.Client;

internal sealed partial class HttpTrackingStore
{
    public async Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/experiments/activity", new EmptyJson(), Mlflow.EmptyJson, WebUiJsonContext.Default.ExperimentActivityResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Experiments.Select(e => new ExperimentActivity(e.ExperimentId, e.Runs, e.LastActivity))];
    }
}
