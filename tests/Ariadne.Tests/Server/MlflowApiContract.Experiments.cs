namespace Ariadne.Tests.Server;

public abstract partial class MlflowApiContract
{
    [Fact]
    public async Task Experiment_created_is_read_back_by_id_and_by_name_with_its_tags()
    {
        var reply = (await Api.PostAsync("experiments/create", """{"name": "penguins", "tags": [{"key": "team", "value": "vision"}]}""")).EnsureOk();
        var id = reply["experiment_id"].GetString()!;

        var byId = (await Api.GetAsync("experiments/get", "experiment_id=" + id)).EnsureOk()["experiment"];
        var byName = (await Api.GetAsync("experiments/get-by-name", "experiment_name=penguins")).EnsureOk()["experiment"];

        Assert.Equal("penguins", byId.GetProperty("name").GetString());
        Assert.Equal("active", byId.GetProperty("lifecycle_stage").GetString());
        Assert.Equal($"mlflow-artifacts:/{id}", byId.GetProperty("artifact_location").GetString());
        Assert.True(byId.GetProperty("creation_time").GetInt64() > 0);
        Assert.Equal("vision", KeyValues(byId.GetProperty("tags"))["team"]);
        Assert.Equal(id, byName.GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task Creating_an_experiment_twice_is_resource_already_exists()
    {
        await CreateExperimentAsync("twice");

        AssertError(await Api.PostAsync("experiments/create", """{"name": "twice"}"""), 400, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task Experiment_is_renamed_tagged_deleted_and_restored()
    {
        var id = await CreateExperimentAsync("old-name");

        (await Api.PostAsync("experiments/update", $$"""{"experiment_id": "{{id}}", "new_name": "new-name"}""")).EnsureOk();
        (await Api.PostAsync("experiments/set-experiment-tag", $$"""{"experiment_id": {{id}}, "key": "k", "value": "v"}""")).EnsureOk();
        (await Api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{id}}"}""")).EnsureOk();
        var deleted = (await Api.GetAsync("experiments/get", "experiment_id=" + id)).EnsureOk()["experiment"];
        (await Api.PostAsync("experiments/restore", $$"""{"experiment_id": "{{id}}"}""")).EnsureOk();
        var restored = (await Api.GetAsync("experiments/get", "experiment_id=" + id)).EnsureOk()["experiment"];

        Assert.Equal("new-name", deleted.GetProperty("name").GetString());
        Assert.Equal("deleted", deleted.GetProperty("lifecycle_stage").GetString());
        Assert.Equal("active", restored.GetProperty("lifecycle_stage").GetString());
        Assert.Equal("v", KeyValues(restored.GetProperty("tags"))["k"]);
    }

    [Fact]
    public async Task Experiment_search_filters_by_name_and_tag_orders_pages_and_honours_view_type()
    {
        foreach (var name in new[] { "alpha-1", "alpha-2", "alpha-3", "beta" })
        {
            await CreateExperimentAsync(name);
        }

        var gone = (await Api.GetAsync("experiments/get-by-name", "experiment_name=alpha-3")).EnsureOk()["experiment"].GetProperty("experiment_id").GetString();
        (await Api.PostAsync("experiments/set-experiment-tag", $$"""{"experiment_id": "{{gone}}", "key": "team", "value": "x"}""")).EnsureOk();
        (await Api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{gone}}"}""")).EnsureOk();

        var first = (await Api.PostAsync("experiments/search", """{"filter": "name LIKE 'alpha%'", "order_by": ["name DESC"], "max_results": 1}""")).EnsureOk();
        var second = (await Api.PostAsync("experiments/search", $$"""{"filter": "name LIKE 'alpha%'", "order_by": ["name DESC"], "max_results": 1, "page_token": "{{first["next_page_token"].GetString()}}"}""")).EnsureOk();
        var deletedOnly = (await Api.PostAsync("experiments/search", """{"view_type": "DELETED_ONLY"}""")).EnsureOk();
        var all = (await Api.PostAsync("experiments/search", """{"view_type": 3, "filter": "tags.team = 'x'"}""")).EnsureOk();
        var viaGet = (await Api.GetAsync("experiments/search", "filter=name%20%3D%20%27beta%27")).EnsureOk();

        Assert.Equal("alpha-2", first["experiments"][0].GetProperty("name").GetString());
        Assert.Equal("alpha-1", second["experiments"][0].GetProperty("name").GetString());
        Assert.False(second.Body.TryGetProperty("next_page_token", out _));
        Assert.Equal(["alpha-3"], deletedOnly["experiments"].EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(["alpha-3"], all["experiments"].EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(["beta"], viaGet["experiments"].EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Unknown_experiments_are_resource_does_not_exist()
    {
        AssertError(await Api.GetAsync("experiments/get", "experiment_id=987654"), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.GetAsync("experiments/get-by-name", "experiment_name=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("experiments/update", """{"experiment_id": "987654", "new_name": "x"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("experiments/delete", """{"experiment_id": "987654"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("runs/create", """{"experiment_id": "987654"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Artifact_locations_chosen_by_the_client_are_refused()
    {
        foreach (var location in new[] { "/etc", "file:///tmp/elsewhere", "s3://other-bucket/x", "../../outside" })
        {
            var reply = await Api.PostAsync("experiments/create", $$"""{"name": "loc-{{Guid.NewGuid():N}}", "artifact_location": "{{location}}"}""");
            AssertError(reply, 400, "INVALID_PARAMETER_VALUE");
        }

        var listed = (await Api.PostAsync("experiments/search", """{"view_type": "ALL"}""")).EnsureOk();
        Assert.DoesNotContain(listed["experiments"].EnumerateArray(), e => e.GetProperty("name").GetString()!.StartsWith("loc-", StringComparison.Ordinal));
    }
}
