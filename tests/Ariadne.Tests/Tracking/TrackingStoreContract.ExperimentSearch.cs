using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

/// <summary>Experiment search: filtered, ordered and paged by the store itself, the same in every store.</summary>
public abstract partial class TrackingStoreContract
{
    private async Task<IReadOnlyList<string>> SearchExperimentNamesAsync(ExperimentSearch search) =>
        [.. (await Store.SearchExperimentsAsync(search, None)).Experiments.Select(e => e.Name)];

    [Fact]
    public async Task Experiment_search_filters_on_name_tags_times_and_lifecycle_in_the_store()
    {
        await NewExperimentAsync("alpha-1", new Dictionary<string, string> { ["team"] = "vision" });
        await NewExperimentAsync("alpha-2", new Dictionary<string, string> { ["team"] = "nlp" });
        await NewExperimentAsync("Alpha-3");
        var gone = await NewExperimentAsync("alpha_gone", new Dictionary<string, string> { ["team"] = "vision" });
        await Store.UpdateExperimentAsync(gone, null, LifecycleStage.Deleted, None);
        string[] byName = ["name ASC"];

        Assert.Equal(["alpha-1", "alpha-2"], await SearchExperimentNamesAsync(new("name LIKE 'alpha%'", byName)));
        Assert.Equal(["Alpha-3", "alpha-1", "alpha-2"], await SearchExperimentNamesAsync(new("name ILIKE 'ALPHA-%'", byName)));
        Assert.Equal(["alpha_gone"], await SearchExperimentNamesAsync(new("name LIKE 'alpha\\_%'", byName, ViewType: ViewType.All)));
        Assert.Equal(["alpha-1"], await SearchExperimentNamesAsync(new("tags.team = 'vision'", byName)));
        Assert.Equal(["alpha-1", "alpha_gone"], await SearchExperimentNamesAsync(new("tags.`team` LIKE 'vis%'", byName, ViewType: ViewType.All)));
        Assert.Equal(["alpha_gone"], await SearchExperimentNamesAsync(new(null, byName, ViewType: ViewType.DeletedOnly)));
        Assert.Equal(["alpha-2"], await SearchExperimentNamesAsync(new("name != 'Default' and attributes.name like '%a-_' and tags.team != 'vision'", byName)));
        Assert.Equal(["Alpha-3", "Default", "alpha-1", "alpha-2"], await SearchExperimentNamesAsync(new("creation_time >= 0", byName)));
        Assert.Empty(await SearchExperimentNamesAsync(new("last_update_time < 0", byName)));
    }

    [Fact]
    public async Task Experiment_search_orders_and_pages_with_the_token_of_the_previous_page()
    {
        foreach (var name in new[] { "b", "d", "a", "c" })
        {
            await NewExperimentAsync(name);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.SearchExperimentsAsync(new ExperimentSearch("name != 'Default'", ["name DESC"], MaxResults: 3, PageToken: token), None);
            seen.AddRange(page.Experiments.Select(e => e.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);
        var byId = await Store.SearchExperimentsAsync(new ExperimentSearch(null, ["experiment_id"]), None);
        var newestFirst = await Store.SearchExperimentsAsync(new ExperimentSearch(null, ["attributes.creation_time DESC", "experiment_id DESC"]), None);

        Assert.Equal(["d", "c", "b", "a"], seen);
        Assert.Equal(2, pages);
        Assert.Equal(["Default", "b", "d", "a", "c"], byId.Experiments.Select(e => e.Name));
        Assert.Null(byId.NextPageToken);
        Assert.Equal("c", newestFirst.Experiments[0].Name);
        Assert.Equal("Default", newestFirst.Experiments[^1].Name);
    }

    [Theory]
    [InlineData("name LIKE", null, null, 10)]
    [InlineData("name = 'a' or name = 'b'", null, null, 10)]
    [InlineData("params.lr = '1'", null, null, 10)]
    [InlineData("creation_time > 'soon'", null, null, 10)]
    [InlineData(null, "name SIDEWAYS", null, 10)]
    [InlineData(null, "metrics.acc", null, 10)]
    [InlineData(null, null, "not-a-token", 10)]
    [InlineData(null, null, null, 0)]
    [InlineData(null, null, null, 50_001)]
    public async Task Experiment_search_refuses_what_it_cannot_read_with_InvalidArgument(string? filter, string? orderBy, string? token, int maxResults)
    {
        var error = await Assert.ThrowsAsync<AriadneException>(() =>
            Store.SearchExperimentsAsync(new ExperimentSearch(filter, orderBy is null ? null : [orderBy], maxResults, token), None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }
}
