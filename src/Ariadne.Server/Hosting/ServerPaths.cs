namespace Ariadne.Server.Hosting;

/// <summary>
/// Error messages go to API clients, who have no business with the server's folders: the artifact store's folder,
/// the temp folder and the server's working folder (the workspace) are shown by name or relative to it.
/// </summary>
internal static class ServerPaths
{
    public static string Hide(string message, TrackingServerOptions? options)
    {
        if (options?.Artifacts?.Description is { } artifacts && Path.IsPathRooted(artifacts) && artifacts.Length > 1)
        {
            message = message.Replace(artifacts.TrimEnd('/'), "[artifact store]", StringComparison.Ordinal);
        }

        if (options?.TempFolder is { Length: > 1 } temp)
        {
            message = message.Replace(temp.TrimEnd('/'), "[server temp folder]", StringComparison.Ordinal);
        }

        var workingFolder = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory);
        return workingFolder.Length > 1 ? message.Replace(workingFolder + "/", "", StringComparison.Ordinal) : message;
    }
}
