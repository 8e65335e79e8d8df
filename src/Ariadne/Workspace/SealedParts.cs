namespace Ariadne.Workspace;

/// <summary>
/// Recognises sealed test parts in another repository (a <c>&lt;part&gt;.sealed</c> pointer, see docs/formats.md), so
/// <c>get</c>, <c>import</c> and <c>ls</c> never hand their bytes out: they are read only through
/// <c>ariadne holdout read</c> in their own project, where every read is recorded.
/// </summary>
internal static class SealedParts
{
    public const string Extension = ".sealed";

    /// <summary>True when <paramref name="path"/> is a sealed pointer, or a part that a sealed pointer stands for.</summary>
    public static bool IsSealed(string path, IReadOnlyCollection<string> files) =>
        path.EndsWith(Extension, StringComparison.Ordinal) || files.Contains(path + Extension, StringComparer.Ordinal);

    public static AriadneException Refused(string path, string repo) =>
        AriadneException.InvalidArgument($"'{path}' in '{repo}' is a sealed test part: its bytes are never copied out of its project. Read it there with 'ariadne holdout read', which records every read against its budget.");
}
