using System.Text.Json;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// MLflow's Model Registry REST API 2.0 (model_registry.proto) in raw JSON: the shapes of RegisteredModel and
/// ModelVersion (versions as strings, aliases, current_stage "None", status READY), MLflow's HTTP methods, and its
/// error codes for unknown models, duplicates, bad aliases and bad versions.
/// </summary>
public abstract partial class MlflowApiContract
{
    private static readonly string Hash = new('a', 64);

    private async Task<string> RunWithModelArtifactsAsync()
    {
        var runId = await CreateRunAsync("0", "train");
        await Api.Store.LogArtifactsAsync(runId, [new RunArtifact("model/model.zip", Hash, 10), new RunArtifact("model/labels.txt", Hash, 3), new RunArtifact("other.txt", Hash, 1)], default);
        return runId;
    }

    [Fact]
    public async Task Registered_model_create_get_and_duplicate_follow_the_proto()
    {
        var created = (await Api.PostAsync("registered-models/create", """{"name": "penguins", "description": "birds", "tags": [{"key": "team", "value": "ecology"}]}""")).EnsureOk();
        var model = created["registered_model"];

        Assert.Equal("penguins", model.GetProperty("name").GetString());
        Assert.Equal("birds", model.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Number, model.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Number, model.GetProperty("last_updated_timestamp").ValueKind);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "ecology" }, KeyValues(model.GetProperty("tags")));
        var got = (await Api.GetAsync("registered-models/get", "name=penguins")).EnsureOk()["registered_model"];
        Assert.Equal("penguins", got.GetProperty("name").GetString());

        AssertError(await Api.PostAsync("registered-models/create", """{"name": "penguins"}"""), 400, "RESOURCE_ALREADY_EXISTS");
        AssertError(await Api.GetAsync("registered-models/get", "name=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("registered-models/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("registered-models/create", """{"name": "a/b"}"""), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Model_version_from_a_run_lists_its_artifacts_and_answers_with_the_proto_shape()
    {
        var runId = await RunWithModelArtifactsAsync();
        var run = (await Api.GetAsync("runs/get", $"run_id={runId}")).EnsureOk()["run"].GetProperty("info");
        var source = run.GetProperty("artifact_uri").GetString() + "/model";
        (await Api.PostAsync("registered-models/create", """{"name": "penguins"}""")).EnsureOk();

        var version = (await Api.PostAsync("model-versions/create", $$"""{"name": "penguins", "source": "{{source}}", "run_id": "{{runId}}", "description": "v1", "tags": [{"key": "k", "value": "v"}]}""")).EnsureOk()["model_version"];

        Assert.Equal(JsonValueKind.String, version.GetProperty("version").ValueKind);
        Assert.Equal(("penguins", "1", "None", "READY", source, runId, "v1"), (version.GetProperty("name").GetString(), version.GetProperty("version").GetString(),
            version.GetProperty("current_stage").GetString(), version.GetProperty("status").GetString(), version.GetProperty("source").GetString(),
            version.GetProperty("run_id").GetString(), version.GetProperty("description").GetString()));
        Assert.Equal(JsonValueKind.Number, version.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, KeyValues(version.GetProperty("tags")));
        Assert.Equal(["labels.txt", "model.zip"], version.GetProperty("ariadne").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        var fetched = (await Api.GetAsync("model-versions/get", "name=penguins&version=1")).EnsureOk()["model_version"];
        Assert.Equal(version.GetProperty("creation_timestamp").GetInt64(), fetched.GetProperty("creation_timestamp").GetInt64());
        var download = (await Api.GetAsync("model-versions/get-download-uri", "name=penguins&version=1")).EnsureOk();
        Assert.Equal(source, download["artifact_uri"].GetString());
        var byRunsUri = (await Api.PostAsync("model-versions/create", $$"""{"name": "penguins", "source": "runs:/{{runId}}/model"}""")).EnsureOk()["model_version"];
        Assert.Equal(("2", runId, 2), (byRunsUri.GetProperty("version").GetString(), byRunsUri.GetProperty("run_id").GetString(), byRunsUri.GetProperty("ariadne").GetProperty("files").GetArrayLength()));
        Assert.Equal(source, (await Api.GetAsync("model-versions/get-download-uri", "name=penguins&version=2")).EnsureOk()["artifact_uri"].GetString());

        AssertError(await Api.GetAsync("model-versions/get", "name=penguins&version=9"), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.GetAsync("model-versions/get", "name=penguins&version=abc"), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("model-versions/create", """{"name": "nope", "source": "x"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        AssertError(await Api.PostAsync("model-versions/create", """{"name": "penguins"}"""), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Aliases_are_set_read_and_deleted_with_mlflows_methods_and_reserved_ones_refused()
    {
        (await Api.PostAsync("registered-models/create", """{"name": "penguins"}""")).EnsureOk();
        (await Api.PostAsync("model-versions/create", """{"name": "penguins", "source": "outs/model"}""")).EnsureOk();
        (await Api.PostAsync("model-versions/create", """{"name": "penguins", "source": "outs/model"}""")).EnsureOk();

        (await Api.PostAsync("registered-models/alias", """{"name": "penguins", "alias": "champion", "version": "2"}""")).EnsureOk();
        var byAlias = (await Api.GetAsync("registered-models/alias", "name=penguins&alias=champion")).EnsureOk()["model_version"];
        var model = (await Api.GetAsync("registered-models/get", "name=penguins")).EnsureOk()["registered_model"];

        Assert.Equal("2", byAlias.GetProperty("version").GetString());
        Assert.Equal(["champion"], byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var alias = Assert.Single(model.GetProperty("aliases").EnumerateArray());
        Assert.Equal(("champion", "2"), (alias.GetProperty("alias").GetString(), alias.GetProperty("version").GetString()));
        Assert.Equal("2", model.GetProperty("latest_versions")[0].GetProperty("version").GetString());

        AssertError(await Api.PostAsync("registered-models/alias", """{"name": "penguins", "alias": "latest", "version": "1"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("registered-models/alias", """{"name": "penguins", "alias": "v3", "version": "1"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("registered-models/alias", """{"name": "penguins", "alias": "bad alias", "version": "1"}"""), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.PostAsync("registered-models/alias", """{"name": "penguins", "alias": "next", "version": "7"}"""), 404, "RESOURCE_DOES_NOT_EXIST");

        (await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/alias", """{"name": "penguins", "alias": "champion"}""")).EnsureOk();
        AssertError(await Api.GetAsync("registered-models/alias", "name=penguins&alias=champion"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Search_update_rename_tags_latest_versions_and_deletes()
    {
        foreach (var name in (string[])["penguins", "puffins", "gulls"])
        {
            (await Api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}""")).EnsureOk();
            (await Api.PostAsync("model-versions/create", $$"""{"name": "{{name}}", "source": "outs/{{name}}"}""")).EnsureOk();
        }

        var search = (await Api.GetAsync("registered-models/search", "filter=name+LIKE+%27p%25%27&max_results=1&order_by=name+DESC")).EnsureOk();
        Assert.Equal(["puffins"], search["registered_models"].EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var next = (await Api.GetAsync("registered-models/search", $"filter=name+LIKE+%27p%25%27&max_results=1&order_by=name+DESC&page_token={Uri.EscapeDataString(search["next_page_token"].GetString()!)}")).EnsureOk();
        Assert.Equal(["penguins"], next["registered_models"].EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        AssertError(await Api.GetAsync("registered-models/search", "max_results=1001"), 400, "INVALID_PARAMETER_VALUE");
        AssertError(await Api.GetAsync("registered-models/search", "filter=name+LIKE"), 400, "INVALID_PARAMETER_VALUE");
        var versions = (await Api.GetAsync("model-versions/search", "filter=name%3D%27gulls%27")).EnsureOk();
        Assert.Equal(["gulls"], versions["model_versions"].EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        var updated = (await Api.SendAsync(HttpMethod.Patch, "api/2.0/mlflow/registered-models/update", """{"name": "gulls", "description": "sea birds"}""")).EnsureOk();
        Assert.Equal("sea birds", updated["registered_model"].GetProperty("description").GetString());
        var versionUpdated = (await Api.SendAsync(HttpMethod.Patch, "api/2.0/mlflow/model-versions/update", """{"name": "gulls", "version": "1", "description": "first"}""")).EnsureOk();
        Assert.Equal("first", versionUpdated["model_version"].GetProperty("description").GetString());
        var renamed = (await Api.PostAsync("registered-models/rename", """{"name": "gulls", "new_name": "terns"}""")).EnsureOk();
        Assert.Equal("terns", renamed["registered_model"].GetProperty("name").GetString());

        (await Api.PostAsync("registered-models/set-tag", """{"name": "terns", "key": "team", "value": "coast"}""")).EnsureOk();
        (await Api.PostAsync("model-versions/set-tag", """{"name": "terns", "version": "1", "key": "ok", "value": "yes"}""")).EnsureOk();
        Assert.Equal(new Dictionary<string, string> { ["team"] = "coast" }, KeyValues((await Api.GetAsync("registered-models/get", "name=terns")).EnsureOk()["registered_model"].GetProperty("tags")));
        (await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/delete-tag", """{"name": "terns", "key": "team"}""")).EnsureOk();
        (await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/model-versions/delete-tag", """{"name": "terns", "version": "1", "key": "ok"}""")).EnsureOk();
        AssertError(await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/delete-tag", """{"name": "terns", "key": "team"}"""), 404, "RESOURCE_DOES_NOT_EXIST");

        var latest = (await Api.PostAsync("registered-models/get-latest-versions", """{"name": "terns"}""")).EnsureOk();
        Assert.Equal(["1"], latest["model_versions"].EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var production = (await Api.PostAsync("registered-models/get-latest-versions", """{"name": "terns", "stages": ["Production"]}""")).EnsureOk();
        Assert.Empty(production["model_versions"].EnumerateArray());

        (await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/model-versions/delete", """{"name": "terns", "version": "1"}""")).EnsureOk();
        AssertError(await Api.GetAsync("model-versions/get", "name=terns&version=1"), 404, "RESOURCE_DOES_NOT_EXIST");
        (await Api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/delete", """{"name": "terns"}""")).EnsureOk();
        AssertError(await Api.GetAsync("registered-models/get", "name=terns"), 404, "RESOURCE_DOES_NOT_EXIST");
    }
}
