using System.Globalization;

namespace Ariadne.Registry;

/// <summary>
/// A model named by URI, as MLflow spells it: <c>models:/NAME/VERSION</c> (a version number, or <c>latest</c> for the
/// highest) or <c>models:/NAME@ALIAS</c>. The one place the CLI, the SDK and the server parse and resolve them.
/// </summary>
public sealed record ModelUri
{
    /// <summary>The URI scheme, <c>models:/</c>.</summary>
    public const string Scheme = "models:/";

    private ModelUri(string name, int? version, string? alias, bool latest)
    {
        Name = name;
        Version = version;
        Alias = alias;
        Latest = latest;
    }

    /// <summary>The registered model's name.</summary>
    public string Name { get; }

    /// <summary>The version number, when the URI names one.</summary>
    public int? Version { get; }

    /// <summary>The alias, when the URI names one.</summary>
    public string? Alias { get; }

    /// <summary>True for <c>models:/NAME/latest</c>: the highest version.</summary>
    public bool Latest { get; }

    /// <summary>The URI of one version.</summary>
    public static ModelUri ForVersion(string name, int version) => new(name, version, null, false);

    /// <summary>The URI of an alias.</summary>
    public static ModelUri ForAlias(string name, string alias) => new(name, null, alias, false);

    /// <summary>True when <paramref name="text"/> starts with <c>models:/</c>.</summary>
    public static bool IsModelUri(string? text) => text is not null && text.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>
    /// Reads <c>models:/NAME/VERSION</c>, <c>models:/NAME/latest</c> or <c>models:/NAME@ALIAS</c>; the short forms
    /// <c>NAME/VERSION</c> and <c>NAME@ALIAS</c> are read too. Anything else is InvalidArgument with an example.
    /// </summary>
    public static ModelUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = IsModelUri(text) ? text[Scheme.Length..] : text;
        var at = rest.LastIndexOf('@');
        var slash = rest.LastIndexOf('/');
        if (at > 0 && slash < 0 && at < rest.Length - 1)
        {
            return new ModelUri(rest[..at], null, rest[(at + 1)..], false);
        }

        if (slash > 0 && at < 0 && slash < rest.Length - 1)
        {
            var versionText = rest[(slash + 1)..];
            if (versionText.Equals("latest", StringComparison.OrdinalIgnoreCase))
            {
                return new ModelUri(rest[..slash], null, null, true);
            }

            if (int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            {
                return new ModelUri(rest[..slash], version, null, false);
            }
        }

        throw AriadneException.InvalidArgument(
            $"'{text}' is not a model URI. Name a version as models:/NAME/VERSION (e.g. models:/penguins/3), the highest as models:/NAME/latest, or an alias as models:/NAME@ALIAS (e.g. models:/penguins@champion).");
    }

    /// <summary>The version this URI names now, read from <paramref name="registry"/>; ResourceNotFound when there is none.</summary>
    public async Task<ModelVersion> ResolveAsync(IModelRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (Alias is not null)
        {
            return await registry.GetModelVersionByAliasAsync(Name, Alias, cancellationToken).ConfigureAwait(false);
        }

        if (Version is { } version)
        {
            return await registry.GetModelVersionAsync(Name, version, cancellationToken).ConfigureAwait(false);
        }

        var model = await registry.GetRegisteredModelAsync(Name, cancellationToken).ConfigureAwait(false);
        return model.LatestVersion is { } latest
            ? await registry.GetModelVersionAsync(Name, latest, cancellationToken).ConfigureAwait(false)
            : throw AriadneException.ModelHasNoVersions(Name);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Alias is not null ? $"{Scheme}{Name}@{Alias}"
        : Latest ? $"{Scheme}{Name}/latest"
        : $"{Scheme}{Name}/{Version!.Value.ToString(CultureInfo.InvariantCulture)}";
}
