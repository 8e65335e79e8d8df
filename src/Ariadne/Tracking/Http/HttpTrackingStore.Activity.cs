namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    public async Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/experiments/activity", new EmptyJson(), Mlflow.EmptyJson, Own.ExperimentActivityResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Experiments.Select(e => new ExperimentActivity(e.ExperimentId, e.Runs, e.LastActivity))];
    }
}
