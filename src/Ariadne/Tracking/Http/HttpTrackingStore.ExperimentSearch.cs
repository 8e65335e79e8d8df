namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    /// <summary>MLflow's <c>experiments/search</c>: checked by CheckedTrackingStore as in every store, then filtered, ordered and paged by the server's store.</summary>
    public async Task<ExperimentPage> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var request = new SearchExperimentsRequest
        {
            Filter = search.Filter,
            OrderBy = search.OrderBy?.ToList(),
            MaxResults = search.MaxResults,
            PageToken = search.PageToken,
            ViewType = ViewTypeName(search.ViewType),
        };
        var response = await PostAsync("api/2.0/mlflow/experiments/search", request, Mlflow.SearchExperimentsRequest, Mlflow.SearchExperimentsResponse, cancellationToken).ConfigureAwait(false);
        return new ExperimentPage([.. (response.Experiments ?? []).Select(FromJson)], response.NextPageToken);
    }
}
