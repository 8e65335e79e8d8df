using Ariadne.Server.Hosting;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// The one check every artifact path from a request passes (MLflow's path traversal CVEs are the checklist): after
/// percent-decoding until nothing changes, a path must be relative, use '/' only, and have no empty, '.' or '..'
/// segment and no control or invisible character (<see cref="Tracking.InvisibleCharacters"/>); it is kept in NFC. Artifacts are stored by content hash, so a path never reaches the file system;
/// the check keeps stored names clean and refuses what an attacker would try.
/// </summary>
internal static class ArtifactPath
{
    public static string Check(string path, bool allowEmpty)
    {
        // Every round that changes the text shortens it, so decoding to a fixed point ends.
        var decoded = path;
        while (Uri.UnescapeDataString(decoded) is var next && next != decoded)
        {
            decoded = next;
        }

        if (decoded.Length == 0)
        {
            return allowEmpty ? "" : throw Invalid(path, "it is empty");
        }

        if (decoded[0] == '/' || (decoded.Length > 1 && decoded[1] == ':'))
        {
            throw Invalid(path, "it is absolute");
        }

        if (decoded.Contains('\\', StringComparison.Ordinal))
        {
            throw Invalid(path, "it contains a backslash");
        }

        if (Tracking.InvisibleCharacters.IndexIn(decoded) is var at and >= 0)
        {
            throw Invalid(path, $"it contains the invisible or control character U+{(int)decoded[at]:X4}");
        }

        var trimmed = decoded.TrimEnd('/');
        if (trimmed.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw Invalid(path, "it contains an empty, '.' or '..' segment");
        }

        return Tracking.CanonicalComposition.Compose(trimmed);
    }

    /// <summary>The path inside a run's artifacts, checked on its own: '&lt;exp&gt;/&lt;run&gt;/artifacts/C:/x' passes the whole-path check.</summary>
    public static string CheckRelative(string relative) => relative.Length == 0 ? "" : Check(relative, allowEmpty: false);

    private static ApiException Invalid(string path, string why) =>
        ApiException.InvalidParameter($"Invalid artifact path '{path}': {why}. Artifact paths are relative to the run's artifact root, like 'model/weights.bin'.");
}
