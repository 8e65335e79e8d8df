using System.Text;
using Ariadne.Registry;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.ModelCards;

/// <summary>
/// Where a version's card lives: its text in the content store (the workspace cache, pushed and pulled like any
/// object), its BLAKE3 hash in the version's tag <see cref="CardTag"/>. Versions are immutable, tags are not, so
/// writing the card again (after a new read of the sealed set, or the user's edits) points the tag at the new text.
/// </summary>
internal static class ModelCardStore
{
    /// <summary>The version tag holding the card's content hash.</summary>
    public const string CardTag = "ariadne.card";

    /// <summary>The subject of a version's card: the model's tags, then the version's (which win).</summary>
    public static ModelCardSubject Subject(RegisteredModel model, ModelVersion version)
    {
        var tags = new Dictionary<string, string>(model.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in version.Tags)
        {
            tags[key] = value;
        }

        return new ModelCardSubject(version.Name, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), version.Description ?? model.Description,
            version.RunId, ModelSource.ParseRuns(version.Source)?.Path ?? version.Source,
            [.. version.Files.Select(f => new ModelCardFile(f.Path, f.Hash, f.Size))], version.Aliases, tags, version.RegisteredBy, version.CreatedAt);
    }

    /// <summary>The stored card of a version, or null when none is stored or this side lacks its object.</summary>
    public static async Task<(string Text, string Hash)?> ReadAsync(ModelVersion version, ReadObject readObject, CancellationToken cancellationToken)
    {
        if (!version.Tags.TryGetValue(CardTag, out var hash))
        {
            return null;
        }

        var bytes = await readObject(hash, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : (Encoding.UTF8.GetString(bytes), hash);
    }

    /// <summary>
    /// Writes the version's card from the record, keeping what the user wrote in the stored one, stores it in the
    /// workspace cache and points the version's <see cref="CardTag"/> at it. <paramref name="edited"/> is a copy of the
    /// card the user edited (e.g. the README.md written with -o before): its sections are kept instead of the stored
    /// card's. Returns the text and its hash.
    /// </summary>
    public static async Task<(string Text, string Hash)> WriteAsync(ITrackingStore store, DataWorkspace workspace, string name, int versionNumber, string? edited, CancellationToken cancellationToken)
    {
        var model = await store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        var version = await store.GetModelVersionAsync(name, versionNumber, cancellationToken).ConfigureAwait(false);
        var readObject = ModelCardObjects.FromCache(workspace.Cache);
        var existing = await ReadAsync(version, readObject, cancellationToken).ConfigureAwait(false);
        var text = await ModelCardWriter.WriteAsync(Subject(model, version), store, readObject, edited ?? existing?.Text, cancellationToken).ConfigureAwait(false);
        workspace.Cache.EnsureCreated();
        var hash = workspace.Cache.StoreBytes(Encoding.UTF8.GetBytes(text)).Hex;
        if (existing?.Hash != hash)
        {
            await store.SetModelVersionTagAsync(name, versionNumber, CardTag, hash, cancellationToken).ConfigureAwait(false);
        }

        return (text, hash);
    }
}
