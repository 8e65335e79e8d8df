namespace Ariadne.ModelCards;

/// <summary>
/// The model version a card describes, as the registry records it: name and version, the run and artifact path it
/// came from, its files by content hash, its aliases, and the tags that set card fields (<c>license</c>,
/// <c>library_name</c>, <c>task</c>).
/// </summary>
internal sealed record ModelCardSubject(
    string Name,
    string Version,
    string? Description,
    string? SourceRunId,
    string? SourcePath,
    IReadOnlyList<ModelCardFile> Files,
    IReadOnlyList<string> Aliases,
    IReadOnlyDictionary<string, string> Tags,
    string? RegisteredBy,
    long CreatedAt)
{
    /// <summary>Tag on the model or version naming the card's <c>license</c> (a Hub license id such as <c>mit</c>).</summary>
    public const string LicenseTag = "license";

    /// <summary>Tag naming the card's <c>library_name</c> (e.g. <c>ml.net</c>).</summary>
    public const string LibraryTag = "library_name";

    /// <summary>Tag naming the Hub task id of the evaluation results (e.g. <c>tabular-classification</c>).</summary>
    public const string TaskTag = "task";
}

/// <summary>One file of a model version: path inside the version, BLAKE3 content hash, size in bytes.</summary>
internal sealed record ModelCardFile(string Path, string Hash, long Size);
