using Ariadne.Registry;
using static Ariadne.Tracking.Http.RegistryMapping;

namespace Ariadne.Tracking.Http;

/// <summary>The model registry over a tracking server's MLflow Model Registry endpoints (2.0/mlflow/registered-models, model-versions).</summary>
internal sealed partial class HttpTrackingStore
{
    private const string Registry = "api/2.0/mlflow/";

    private static RegistryJsonContext RegistryJson => RegistryJsonContext.Default;

    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Name = name,
            Description = description,
            Tags = tags is null ? null : [.. tags.Select(t => new KeyValueMessage { Key = t.Key, Value = t.Value })],
        };
        var response = await SendRegistryAsync(HttpMethod.Post, "registered-models/create", request, RegistryJson.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.RegisteredModel);
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendRegistryAsync(HttpMethod.Post, "registered-models/get", new RegistryRequest { Name = name }, RegistryJson.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.RegisteredModel);
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken)
    {
        var response = await SendRegistryAsync(HttpMethod.Post, "registered-models/rename", new RegistryRequest { Name = name, NewName = newName }, RegistryJson.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.RegisteredModel);
    }

    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken)
    {
        var response = await SendRegistryAsync(HttpMethod.Patch, "registered-models/update", new RegistryRequest { Name = name, Description = description ?? "" }, RegistryJson.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.RegisteredModel);
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Delete, "registered-models/delete", new RegistryRequest { Name = name }, cancellationToken);

    public async Task<RegisteredModelPage> SearchRegisteredModelsAsync(ModelSearch search, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest { Filter = search.Filter, MaxResults = search.MaxResults, OrderBy = search.OrderBy?.ToList(), PageToken = search.PageToken };
        var response = await SendRegistryAsync(HttpMethod.Post, "registered-models/search", request, RegistryJson.SearchRegisteredModelsResponse, cancellationToken).ConfigureAwait(false);
        return new RegisteredModelPage([.. (response.RegisteredModels ?? []).Select(RegistryMapping.FromJson)], string.IsNullOrEmpty(response.NextPageToken) ? null : response.NextPageToken);
    }

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Post, "registered-models/set-tag", new RegistryRequest { Name = name, Key = key, Value = value }, cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Delete, "registered-models/delete-tag", new RegistryRequest { Name = name, Key = key }, cancellationToken);

    public Task SetModelAliasAsync(string name, string alias, int version, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Post, "registered-models/alias", new RegistryRequest { Name = name, Alias = alias, Version = Text(version) }, cancellationToken);

    public Task DeleteModelAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Delete, "registered-models/alias", new RegistryRequest { Name = name, Alias = alias }, cancellationToken);

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        // MLflow reads an alias with GET registered-models/alias?name=…&alias=… (a POST there sets one).
        var query = $"registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}";
        var response = await _transport.SendAsync(HttpMethod.Get, Registry + query, null, RegistryJson.RegistryRequest, RegistryJson.ModelVersionResponse, notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw AriadneException.StoreFailure(_transport.Description, "an empty answer to registered-models/alias");
        return RegistryMapping.FromJson(response.ModelVersion);
    }

    public async Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Name = version.Name,
            Source = version.Source,
            RunId = version.RunId,
            Description = version.Description,
            Tags = version.Tags is null ? null : [.. version.Tags.Select(t => new KeyValueMessage { Key = t.Key, Value = t.Value })],
            Ariadne = new AriadneVersionJson
            {
                Files = [.. version.Files.Select(f => new ModelFileJson { Path = f.Path, Hash = f.Hash, Size = f.Size })],
                InputSchema = version.InputSchema,
                OutputSchema = version.OutputSchema,
                RegisteredBy = version.RegisteredBy,
            },
        };
        var response = await SendRegistryAsync(HttpMethod.Post, "model-versions/create", request, RegistryJson.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.ModelVersion);
    }

    public async Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        var response = await SendRegistryAsync(HttpMethod.Post, "model-versions/get", new RegistryRequest { Name = name, Version = Text(version) }, RegistryJson.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.ModelVersion);
    }

    public async Task<ModelVersion> UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken)
    {
        var response = await SendRegistryAsync(HttpMethod.Patch, "model-versions/update", new RegistryRequest { Name = name, Version = Text(version), Description = description ?? "" },
            RegistryJson.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return RegistryMapping.FromJson(response.ModelVersion);
    }

    public Task DeleteModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Delete, "model-versions/delete", new RegistryRequest { Name = name, Version = Text(version) }, cancellationToken);

    public async Task<ModelVersionPage> SearchModelVersionsAsync(ModelSearch search, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest { Filter = search.Filter, MaxResults = search.MaxResults, OrderBy = search.OrderBy?.ToList(), PageToken = search.PageToken };
        var response = await SendRegistryAsync(HttpMethod.Post, "model-versions/search", request, RegistryJson.SearchModelVersionsResponse, cancellationToken).ConfigureAwait(false);
        return new ModelVersionPage([.. (response.ModelVersions ?? []).Select(RegistryMapping.FromJson)], string.IsNullOrEmpty(response.NextPageToken) ? null : response.NextPageToken);
    }

    public Task SetModelVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Post, "model-versions/set-tag", new RegistryRequest { Name = name, Version = Text(version), Key = key, Value = value }, cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken) =>
        SendRegistryAsync(HttpMethod.Delete, "model-versions/delete-tag", new RegistryRequest { Name = name, Version = Text(version), Key = key }, cancellationToken);

    private async Task<TResponse> SendRegistryAsync<TResponse>(HttpMethod method, string action, RegistryRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        await _transport.SendAsync(method, Registry + action, request, RegistryJson.RegistryRequest, responseType, notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw AriadneException.StoreFailure(_transport.Description, $"an empty answer to {action}");

    private Task SendRegistryAsync(HttpMethod method, string action, RegistryRequest request, CancellationToken cancellationToken) =>
        SendRegistryAsync(method, action, request, Mlflow.EmptyJson, cancellationToken);
}
