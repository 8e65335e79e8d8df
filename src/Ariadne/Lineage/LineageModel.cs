using System.Globalization;
using Ariadne.Registry;

namespace Ariadne.Lineage;

/// <summary>A registered model version on the path: its URI as given (<c>models:/name@alias</c>), name, version and the run it came from.</summary>
internal sealed record LineageModel(string Uri, string Name, string Version, string RunId)
{
    public string Id => "model:" + Name + "/" + Version;

    /// <summary>The node for <paramref name="version"/> (registered from a run), named by <paramref name="uri"/> as the user gave it, or by its own <c>models:/NAME/VERSION</c>.</summary>
    public static LineageModel Of(ModelVersion version, string? uri = null) =>
        new(uri ?? version.Uri, version.Name, version.Version.ToString(CultureInfo.InvariantCulture), version.RunId!);
}
