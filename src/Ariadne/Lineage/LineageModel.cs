namespace Ariadne.Lineage;

/// <summary>A registered model version on the path: its URI as given (<c>models:/name@alias</c>), name, version and the run it came from.</summary>
internal sealed record LineageModel(string Uri, string Name, string Version, string RunId)
{
    public string Id => "model:" + Name + "/" + Version;
}
