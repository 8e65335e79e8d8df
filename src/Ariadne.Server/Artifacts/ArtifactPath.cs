using Ariadne.Server.Hosting;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// The one check every artifact path from a request passes (MLflow's path traversal CVEs are the checklist): after
/// percent-decoding until nothing changes, a path must be relative, use '/' only, and have no empty, '.' or '..'
/// segment and no control character. Artifacts are stored by content hash, so a path never reaches the file system;
/// the check keeps stored names clean and refuses what an attacker would try.
/// </summary>
internal static class ArtifactPath
{
    public static string Check(string path, bool allowEmpty)
    {
        var decoded = path;
        for (var i = 0; i < 4; i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

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

        if (decoded.Any(char.IsControl))
        {
            throw Invalid(path, "it contains a control character");
        }

        var trimmed = decoded.TrimEnd('/');
        if (trimmed.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw Invalid(path, "it contains an empty, '.' or '..' segment");
        }

        return trimmed;
    }

    private static ApiException Invalid(string path, string why) =>
        ApiException.InvalidParameter($"Invalid artifact path '{path}': {why}. Artifact paths are relative to the run's artifact root, like 'model/weights.bin'.");
}
