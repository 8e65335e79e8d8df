namespace Ariadne.Tracking;

/// <summary>Readable default run names such as <c>brave-otter-42</c>, as MLflow gives them.</summary>
internal static class RunNames
{
    private static readonly string[] Adjectives = ["brave", "calm", "clever", "eager", "gentle", "happy", "keen", "lucid", "merry", "nimble", "quiet", "rapid", "steady", "swift", "tidy", "vivid", "wise", "bold", "bright", "crisp"];
    private static readonly string[] Animals = ["otter", "heron", "lynx", "puffin", "seal", "wren", "ibex", "koala", "marten", "newt", "orca", "panda", "quail", "raven", "stoat", "tapir", "vole", "yak", "zebra", "gecko"];

    public static string Generate() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Animals[Random.Shared.Next(Animals.Length)]}-{Random.Shared.Next(100)}";
}
