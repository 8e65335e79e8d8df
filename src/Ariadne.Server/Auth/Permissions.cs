using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.Auth;

/// <summary>The role a request needs: reading needs a reader, writing a writer, deleting and restoring experiments an admin.</summary>
internal static class Permissions
{
    private static readonly HashSet<string> ReadsByPost = new(StringComparer.OrdinalIgnoreCase)
    {
        "experiments/get", "experiments/get-by-name", "experiments/search", "runs/get", "runs/search",
        "metrics/get-history", "artifacts/list", "runs/inputs", "runs/artifacts", "runs/environment", "datasets/uses", "datasets/versions", "metrics/get-history-downsampled", "holdout/reads",
        "runs/count", "datasets/tracked",
        "registered-models/get", "registered-models/search", "registered-models/get-latest-versions", "model-versions/get", "model-versions/search", "model-versions/get-download-uri",
        "content/find", "content/trace", "lineage",
    };

    private static readonly HashSet<string> AdminOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "experiments/delete", "experiments/restore", "registered-models/delete", "model-versions/delete",
    };

    public static Role Needed(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var action = Action(path);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || ReadsByPost.Contains(action))
        {
            return Role.Reader;
        }

        return AdminOnly.Contains(action) ? Role.Admin : Role.Writer;
    }

    /// <summary>The part after the API prefix, e.g. "runs/log-batch".</summary>
    private static string Action(string path)
    {
        foreach (var prefix in (string[])["/api/2.0/mlflow/", "/api/ariadne/"])
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return path[prefix.Length..].TrimEnd('/');
            }
        }

        return path;
    }
}
