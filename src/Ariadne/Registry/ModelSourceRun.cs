namespace Ariadne.Registry;

/// <summary>
/// The run a model URI's version came from (its source run), for the commands that work on runs: lineage, export and
/// reproduce take <c>models:/NAME/VERSION</c> and <c>models:/NAME@ALIAS</c> through it.
/// </summary>
internal static class ModelSourceRun
{
    /// <summary>
    /// The version <paramref name="modelUri"/> names now and its run id. An unknown model, version or alias is
    /// ResourceNotFound naming the URI and the registry's reason; a version registered from a workspace path, not a run, is InvalidArgument.
    /// </summary>
    public static async Task<(ModelVersion Version, string RunId)> ResolveAsync(IModelRegistry registry, string modelUri, CancellationToken cancellationToken)
    {
        ModelVersion version;
        try
        {
            version = await ModelUri.Parse(modelUri).ResolveAsync(registry, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            throw new AriadneException(e.Code, $"{modelUri} names no model version: {e.Message}", e) { CliAdvice = e.CliAdvice };
        }

        return version.RunId is { } runId
            ? (version, runId)
            : throw AriadneException.InvalidArgument(
                $"{modelUri} is version {version.Version} of '{version.Name}', registered from the path '{version.Source}', not from a run, so no run records how it was made. " +
                "Register the model from the run that trained it (RegisterModelAsync in the SDK, or 'ariadne models register NAME --run RUN_ID --path ARTIFACT_PATH'), or name that run instead.");
    }
}
