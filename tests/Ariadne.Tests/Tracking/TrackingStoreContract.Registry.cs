using Ariadne.Registry;
using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

/// <summary>The model registry, which every store keeps: models, numbered versions, tags, aliases, search and URIs.</summary>
public abstract partial class TrackingStoreContract
{
    private static readonly ModelFile Weights = new("model.zip", new string('a', 64), 1234);
    private static readonly ModelFile Config = new("config/params.json", new string('b', 64), 56);

    private Task<RegisteredModel> NewModelAsync(string name = "penguins", string? description = null, IReadOnlyDictionary<string, string>? tags = null) =>
        Store.CreateRegisteredModelAsync(name, description, tags, None);

    private Task<ModelVersion> NewVersionAsync(string name = "penguins", string? runId = null, IReadOnlyList<ModelFile>? files = null, string? description = null) =>
        Store.CreateModelVersionAsync(new NewModelVersion(name, runId is null ? "outs/model" : $"runs:/{runId}/model", runId, files ?? [Weights, Config], description, RegisteredBy: "alice"), None);

    private static async Task<AriadneException> RefusedAsync(ErrorCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<AriadneException>(call);
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public async Task Registered_model_reads_back_with_its_description_and_tags_and_its_name_stays_unique()
    {
        var created = await NewModelAsync(description: "Classifies penguins", tags: new Dictionary<string, string> { ["team"] = "ecology" });

        var read = await Store.GetRegisteredModelAsync("penguins", None);

        Assert.Equal(("penguins", "Classifies penguins", (int?)null), (read.Name, read.Description, read.LatestVersion));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "ecology" }, read.Tags);
        Assert.Empty(read.Aliases);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        var again = await RefusedAsync(ErrorCode.ResourceAlreadyExists, () => NewModelAsync(description: "other"));
        Assert.Contains("'penguins' already exists", again.Message, StringComparison.Ordinal);
        Assert.Equal("Classifies penguins", (await Store.GetRegisteredModelAsync("penguins", None)).Description);
    }

    [Fact]
    public async Task Versions_are_numbered_from_1_per_model_keep_their_record_and_numbers_are_not_reused()
    {
        await NewModelAsync();
        await NewModelAsync("other");
        var run = await NewRunAsync();

        var first = await Store.CreateModelVersionAsync(new NewModelVersion("penguins", $"runs:/{run.RunId}/model", run.RunId, [Weights, Config], "first",
            new Dictionary<string, string> { ["framework"] = "ml.net" }, "alice", """{"inputs":["bill_length_mm"]}""", """{"outputs":["species"]}"""), None);
        var second = await NewVersionAsync();
        var otherFirst = await NewVersionAsync("other");
        await Store.DeleteModelVersionAsync("penguins", 2, None);
        var third = await NewVersionAsync();

        Assert.Equal((1, 2, 1, 3), (first.Version, second.Version, otherFirst.Version, third.Version));
        var read = await Store.GetModelVersionAsync("penguins", 1, None);
        Assert.Equal(("penguins", "first", $"runs:/{run.RunId}/model", run.RunId, "READY", "alice"), (read.Name, read.Description, read.Source, read.RunId, read.Status, read.RegisteredBy));
        Assert.Equal([Config, Weights], read.Files);
        Assert.Equal(1290, read.Size);
        Assert.Equal(new Dictionary<string, string> { ["framework"] = "ml.net" }, read.Tags);
        Assert.Equal(("""{"inputs":["bill_length_mm"]}""", """{"outputs":["species"]}"""), (read.InputSchema, read.OutputSchema));
        Assert.Equal("models:/penguins/1", read.Uri);
        Assert.Equal(3, (await Store.GetRegisteredModelAsync("penguins", None)).LatestVersion);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionAsync("penguins", 2, None));
    }

    [Fact]
    public async Task Registering_the_same_files_twice_makes_a_new_version_that_shares_the_content()
    {
        await NewModelAsync();

        var first = await NewVersionAsync(files: [Weights, Config]);
        var second = await NewVersionAsync(files: [Config, Weights]);
        var different = await NewVersionAsync(files: [Weights]);

        Assert.Equal(2, second.Version);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Equal(first.Files, second.Files);
        Assert.NotEqual(first.ContentHash, different.ContentHash);
        Assert.Equal(64, first.ContentHash.Length);
    }

    [Fact]
    public async Task An_alias_points_at_one_version_and_moves_when_set_again()
    {
        await NewModelAsync();
        await NewVersionAsync();
        await NewVersionAsync();

        await Store.SetModelAliasAsync("penguins", "champion", 1, None);
        await Store.SetModelAliasAsync("penguins", "challenger", 2, None);
        Assert.Equal(1, (await Store.GetModelVersionByAliasAsync("penguins", "champion", None)).Version);

        await Store.SetModelAliasAsync("penguins", "champion", 2, None);

        var model = await Store.GetRegisteredModelAsync("penguins", None);
        Assert.Equal(new Dictionary<string, int> { ["challenger"] = 2, ["champion"] = 2 }, model.Aliases);
        Assert.Equal(["challenger", "champion"], (await Store.GetModelVersionAsync("penguins", 2, None)).Aliases);
        Assert.Empty((await Store.GetModelVersionAsync("penguins", 1, None)).Aliases);

        await Store.DeleteModelAliasAsync("penguins", "challenger", None);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionByAliasAsync("penguins", "challenger", None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.DeleteModelAliasAsync("penguins", "challenger", None));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST")]
    [InlineData("v1")]
    [InlineData("V12")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("")]
    public async Task A_bad_or_reserved_alias_is_refused_with_a_clear_message_and_changes_nothing(string alias)
    {
        await NewModelAsync();
        await NewVersionAsync();
        var before = await Store.GetRegisteredModelAsync("penguins", None);

        var refused = await RefusedAsync(ErrorCode.InvalidArgument, () => Store.SetModelAliasAsync("penguins", alias, 1, None));

        Assert.Contains($"'{alias}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(alias.Length > 0 && (alias.StartsWith('v') || alias.StartsWith('V') || alias.Equals("latest", StringComparison.OrdinalIgnoreCase)) ? "reserved" : "letters, digits", refused.Message, StringComparison.Ordinal);
        var after = await Store.GetRegisteredModelAsync("penguins", None);
        Assert.Equal(before.Aliases, after.Aliases);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Unknown_models_versions_and_aliases_are_not_found_and_name_what_is_missing()
    {
        await NewModelAsync();
        await NewVersionAsync();

        Assert.Contains("'nope'", (await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetRegisteredModelAsync("nope", None))).Message, StringComparison.Ordinal);
        Assert.Contains("no version 7", (await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionAsync("penguins", 7, None))).Message, StringComparison.Ordinal);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionAsync("nope", 1, None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => NewVersionAsync("nope"));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.SetModelAliasAsync("penguins", "champion", 9, None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionByAliasAsync("nope", "champion", None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.DeleteModelVersionAsync("penguins", 9, None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.DeleteRegisteredModelAsync("nope", None));
        Assert.Empty((await Store.GetRegisteredModelAsync("penguins", None)).Aliases);
    }

    [Fact]
    public async Task A_version_from_a_deleted_or_unknown_run_is_refused_and_nothing_is_registered()
    {
        await NewModelAsync();
        var run = await NewRunAsync();
        await Store.SetRunLifecycleAsync(run.RunId, LifecycleStage.Deleted, None);

        var deleted = await RefusedAsync(ErrorCode.InvalidArgument, () => NewVersionAsync(runId: run.RunId));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => NewVersionAsync(runId: MissingRunId));

        Assert.Contains("deleted", deleted.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne runs restore", deleted.Message, StringComparison.Ordinal);
        Assert.Null((await Store.GetRegisteredModelAsync("penguins", None)).LatestVersion);
        Assert.Equal(1, (await NewVersionAsync()).Version);
    }

    [Fact]
    public async Task Bad_names_tags_and_files_are_refused_before_anything_is_written()
    {
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewModelAsync("a/b"));
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewModelAsync("a@b"));
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewModelAsync(" "));
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewModelAsync("ok", tags: new Dictionary<string, string> { [new string('k', 251)] = "v" }));
        await NewModelAsync();
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewVersionAsync(files: [Weights, Weights]));
        await RefusedAsync(ErrorCode.InvalidArgument, () => NewVersionAsync(files: [new ModelFile("../escape.bin", new string('c', 64), 1)]));

        var page = await Store.SearchRegisteredModelsAsync(new ModelSearch(), None);
        Assert.Equal(["penguins"], page.Models.Select(m => m.Name));
        Assert.Null(page.Models[0].LatestVersion);
    }

    [Fact]
    public async Task Model_and_version_tags_and_descriptions_are_set_replaced_and_deleted()
    {
        await NewModelAsync();
        await NewVersionAsync();

        await Store.SetRegisteredModelTagAsync("penguins", "team", "a", None);
        await Store.SetRegisteredModelTagAsync("penguins", "team", "b", None);
        await Store.SetModelVersionTagAsync("penguins", 1, "validated", "yes", None);
        await Store.UpdateRegisteredModelAsync("penguins", "new words", None);
        var updated = await Store.UpdateModelVersionAsync("penguins", 1, "retrained", None);

        Assert.Equal("retrained", updated.Description);
        Assert.Equal(new Dictionary<string, string> { ["validated"] = "yes" }, updated.Tags);
        var model = await Store.GetRegisteredModelAsync("penguins", None);
        Assert.Equal(("new words", "b"), (model.Description, model.Tags["team"]));

        await Store.DeleteRegisteredModelTagAsync("penguins", "team", None);
        await Store.DeleteModelVersionTagAsync("penguins", 1, "validated", None);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.DeleteRegisteredModelTagAsync("penguins", "team", None));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.DeleteModelVersionTagAsync("penguins", 1, "validated", None));
        Assert.Empty((await Store.GetRegisteredModelAsync("penguins", None)).Tags);
        Assert.Empty((await Store.GetModelVersionAsync("penguins", 1, None)).Tags);
    }

    [Fact]
    public async Task Renaming_a_model_takes_its_versions_tags_and_aliases_along_and_deleting_removes_them()
    {
        await NewModelAsync(tags: new Dictionary<string, string> { ["t"] = "v" });
        await NewVersionAsync();
        await Store.SetModelAliasAsync("penguins", "champion", 1, None);
        await NewModelAsync("taken");

        await RefusedAsync(ErrorCode.ResourceAlreadyExists, () => Store.RenameRegisteredModelAsync("penguins", "taken", None));
        var renamed = await Store.RenameRegisteredModelAsync("penguins", "birds", None);

        Assert.Equal(("birds", 1), (renamed.Name, renamed.Aliases["champion"]));
        Assert.Equal("birds", (await Store.GetModelVersionByAliasAsync("birds", "champion", None)).Name);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetRegisteredModelAsync("penguins", None));

        await Store.DeleteRegisteredModelAsync("birds", None);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => Store.GetModelVersionAsync("birds", 1, None));
        await NewModelAsync("birds");
        Assert.Equal(1, (await NewVersionAsync("birds")).Version);
        Assert.Empty((await Store.GetRegisteredModelAsync("birds", None)).Aliases);
    }

    [Fact]
    public async Task Model_search_filters_by_name_and_tags_orders_and_pages()
    {
        foreach (var name in (string[])["penguins", "penguins-small", "Puffins", "gulls"])
        {
            await NewModelAsync(name, tags: new Dictionary<string, string> { ["team"] = name.StartsWith('p') ? "ice" : "sea" });
        }

        Assert.Equal(["penguins", "penguins-small"], (await Store.SearchRegisteredModelsAsync(new ModelSearch("name LIKE 'peng%'"), None)).Models.Select(m => m.Name));
        Assert.Equal(["Puffins", "penguins", "penguins-small"], (await Store.SearchRegisteredModelsAsync(new ModelSearch("name ILIKE 'p%'", ["name ASC"]), None)).Models.Select(m => m.Name));
        Assert.Equal(["penguins-small"], (await Store.SearchRegisteredModelsAsync(new ModelSearch("tags.team = 'ice' AND name != 'penguins'"), None)).Models.Select(m => m.Name));

        var first = await Store.SearchRegisteredModelsAsync(new ModelSearch(OrderBy: ["name DESC"], MaxResults: 3), None);
        var second = await Store.SearchRegisteredModelsAsync(new ModelSearch(OrderBy: ["name DESC"], MaxResults: 3, PageToken: first.NextPageToken), None);
        Assert.Equal(["penguins-small", "penguins", "gulls"], first.Models.Select(m => m.Name));
        Assert.Equal(["Puffins"], second.Models.Select(m => m.Name));
        Assert.Null(second.NextPageToken);

        var bad = await RefusedAsync(ErrorCode.InvalidArgument, () => Store.SearchRegisteredModelsAsync(new ModelSearch("name LIKE"), None));
        Assert.Contains("position", bad.Message, StringComparison.Ordinal);
        await RefusedAsync(ErrorCode.InvalidArgument, () => Store.SearchRegisteredModelsAsync(new ModelSearch("run_id = 'x'"), None));
        await RefusedAsync(ErrorCode.InvalidArgument, () => Store.SearchRegisteredModelsAsync(new ModelSearch(MaxResults: 1001), None));
    }

    [Fact]
    public async Task Version_search_filters_by_name_run_and_number()
    {
        await NewModelAsync();
        await NewModelAsync("other");
        var run = await NewRunAsync();
        await NewVersionAsync(runId: run.RunId);
        await NewVersionAsync();
        await NewVersionAsync();
        await NewVersionAsync("other", runId: run.RunId);

        var ofModel = await Store.SearchModelVersionsAsync(new ModelSearch("name = 'penguins'"), None);
        var ofRun = await Store.SearchModelVersionsAsync(new ModelSearch($"run_id IN ('{run.RunId}', 'xyz')"), None);
        var newer = await Store.SearchModelVersionsAsync(new ModelSearch("name = 'penguins' AND version_number >= 2", ["version_number ASC"]), None);

        Assert.Equal([3, 2, 1], ofModel.Versions.Select(v => v.Version));
        Assert.Equal([("other", 1), ("penguins", 1)], ofRun.Versions.Select(v => (v.Name, v.Version)));
        Assert.Equal([2, 3], newer.Versions.Select(v => v.Version));
        Assert.All(ofModel.Versions, v => Assert.Equal(2, v.Files.Count));
    }

    [Fact]
    public async Task Model_uris_name_a_version_an_alias_or_the_latest()
    {
        await NewModelAsync();
        await NewVersionAsync();
        await NewVersionAsync();
        await Store.SetModelAliasAsync("penguins", "champion", 1, None);

        Assert.Equal(2, (await ModelUri.Parse("models:/penguins/2").ResolveAsync(Store)).Version);
        Assert.Equal(1, (await ModelUri.Parse("models:/penguins@champion").ResolveAsync(Store)).Version);
        Assert.Equal(2, (await ModelUri.Parse("models:/penguins/latest").ResolveAsync(Store)).Version);
        await RefusedAsync(ErrorCode.ResourceNotFound, () => ModelUri.Parse("models:/penguins@nobody").ResolveAsync(Store));
        await RefusedAsync(ErrorCode.ResourceNotFound, () => ModelUri.Parse("models:/penguins/5").ResolveAsync(Store));
    }
}
