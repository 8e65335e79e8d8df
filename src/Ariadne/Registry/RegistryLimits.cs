using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>
/// The registry's rules on input, the same for every store (MLflow's model-registry validation): model names, aliases
/// (MLflow's pattern, reserved <c>latest</c> and <c>v&lt;number&gt;</c>), tags, descriptions and version numbers.
/// </summary>
internal static partial class RegistryLimits
{
    public const int MaxNameLength = 256;
    public const int MaxAliasLength = 255;
    public const int MaxTagKeyLength = 250;
    public const int MaxTagValueLength = 5000;
    public const int MaxDescriptionLength = 5000;
    public const int MaxSourceLength = 1000;
    public const int MaxFiles = 100_000;

    public static void CheckName(string? name, string what = "model name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw AriadneException.InvalidArgument($"The {what} is empty. Name the model, e.g. 'penguins'.");
        }

        if (name.Length > MaxNameLength)
        {
            throw AriadneException.InvalidArgument($"The {what} is {name.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxNameLength.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }

        if (name.Trim() != name || name.IndexOfAny(['/', '@', ':', '\\']) >= 0 || name.Any(char.IsControl))
        {
            throw AriadneException.InvalidArgument(
                $"The {what} '{name}' is not allowed: model names may not contain '/', '@', ':', '\\', control characters or leading or trailing spaces, because they appear in URIs such as models:/NAME@ALIAS.");
        }
    }

    public static void CheckAlias(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || alias.Length > MaxAliasLength || !AliasPattern().IsMatch(alias))
        {
            throw AriadneException.InvalidArgument(
                $"The alias '{alias}' is not valid: an alias is 1 to {MaxAliasLength.ToString(CultureInfo.InvariantCulture)} letters, digits, '_' or '-', e.g. 'champion'.");
        }

        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || ReservedVersionAlias().IsMatch(alias))
        {
            throw AriadneException.InvalidArgument(
                $"The alias '{alias}' is reserved: 'latest' and 'v<number>' already name versions in model URIs. Choose another alias, e.g. 'champion'.");
        }
    }

    public static void CheckVersion(int version)
    {
        if (version < 1)
        {
            throw AriadneException.InvalidArgument($"Model version {version.ToString(CultureInfo.InvariantCulture)} does not exist: versions are numbered from 1.");
        }
    }

    public static void CheckTag(string what, string? key, string? value)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxTagKeyLength || key.Any(char.IsControl))
        {
            throw AriadneException.InvalidArgument(
                $"The {what} key '{key}' is not valid: a key is 1 to {MaxTagKeyLength.ToString(CultureInfo.InvariantCulture)} characters without control characters.");
        }

        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxTagValueLength)
        {
            throw AriadneException.InvalidArgument(
                $"The {what} '{key}' has a value of {value.Length.ToString(CultureInfo.InvariantCulture)} characters; at most {MaxTagValueLength.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }
    }

    public static void CheckTags(string what, IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            CheckTag(what, key, value);
        }
    }

    public static void CheckDescription(string? description)
    {
        if (description is { Length: > MaxDescriptionLength })
        {
            throw AriadneException.InvalidArgument(
                $"The description is {description.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxDescriptionLength.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }
    }

    public static void CheckNewVersion(NewModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        CheckName(version.Name);
        if (string.IsNullOrWhiteSpace(version.Source) || version.Source.Length > MaxSourceLength)
        {
            throw AriadneException.InvalidArgument(
                $"A model version needs a source of 1 to {MaxSourceLength.ToString(CultureInfo.InvariantCulture)} characters: runs:/RUN_ID/PATH or a workspace path.");
        }

        if (version.RunId is not null)
        {
            TrackingLimits.CheckRunId(version.RunId);
        }

        ArgumentNullException.ThrowIfNull(version.Files);
        if (version.Files.Count > MaxFiles)
        {
            throw AriadneException.InvalidArgument($"A model version holds at most {MaxFiles.ToString(CultureInfo.InvariantCulture)} files; this one has {version.Files.Count.ToString(CultureInfo.InvariantCulture)}.");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in version.Files)
        {
            TrackingLimits.CheckArtifact(file.Path, file.Hash, file.Size);
            if (!paths.Add(file.Path))
            {
                throw AriadneException.InvalidArgument($"The model version lists '{file.Path}' twice; each file path appears once.");
            }
        }

        CheckDescription(version.Description);
        CheckTags("model version tag", version.Tags);
    }

    [GeneratedRegex(@"^[\w\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV]\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex ReservedVersionAlias();
}
