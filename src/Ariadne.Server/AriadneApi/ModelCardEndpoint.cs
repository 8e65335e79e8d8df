using System.Globalization;
using System.Text.Json;
using Ariadne.ModelCards;
using Ariadne.Remotes;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.AriadneApi;

/// <summary>
/// <c>GET models/card?name=NAME&amp;version=N</c> (a reader): the version's model card as Markdown with its front
/// matter, <c>{"markdown", "stored", "hash"}</c>. The stored card (its tag <c>ariadne.card</c>, the text from the
/// artifact store, checked against its hash) when there is one; otherwise one written now from the record, not stored.
/// The web UI renders it, sanitised.
/// </summary>
internal static class ModelCardEndpoint
{
    public static void Map(IEndpointRouteBuilder api, ITrackingStore store, IObjectStore? artifacts)
    {
        api.MapGet("models/card", Endpoint(async context =>
        {
            var name = context.Request.Query["name"].ToString();
            var versionText = context.Request.Query["version"].ToString();
            if (name.Length == 0 || !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                throw AriadneException.InvalidArgument($"Name the model and version: models/card?name=penguins&version=1 (got name '{name}', version '{versionText}').");
            }

            var cancellationToken = context.RequestAborted;
            var model = await store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
            var version = await store.GetModelVersionAsync(name, number, cancellationToken).ConfigureAwait(false);
            ReadObject read = artifacts is null ? (_, _) => Task.FromResult<byte[]?>(null) : ModelCardObjects.FromStore(artifacts);
            var stored = await ModelCardStore.ReadAsync(version, read, cancellationToken).ConfigureAwait(false);
            var markdown = stored?.Text ?? await ModelCardWriter.WriteAsync(ModelCardStore.Subject(model, version), store, read, null, cancellationToken).ConfigureAwait(false);

            context.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(context.Response.Body);
            json.WriteStartObject();
            json.WriteString("markdown", markdown);
            json.WriteBoolean("stored", stored is not null);
            if (stored is { } s)
            {
                json.WriteString("hash", s.Hash);
            }

            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }));
    }
}
