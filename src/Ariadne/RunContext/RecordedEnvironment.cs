using Ariadne.Content;
using Ariadne.Tracking;

namespace Ariadne.RunContext;

/// <summary>
/// Reads back the environment a run recorded: its <c>environment.json</c> (a pipeline stage's run has none of its own;
/// its pipeline run's is used), its <c>python-environment.json</c> and its <c>git.diff</c>, from the workspace's
/// content cache.
/// </summary>
internal static class RecordedEnvironment
{
    public const string EnvironmentArtifact = "environment.json";
    public const string DiffArtifact = "git.diff";

    /// <summary>The run whose artifacts hold <paramref name="run"/>'s environment: itself, or the nearest ancestor that recorded one.</summary>
    public static async Task<(Run Run, RunArtifact Artifact)?> FindAsync(ITrackingStore store, Run run, CancellationToken cancellationToken)
    {
        for (var current = run; ;)
        {
            var artifacts = await store.ListArtifactsAsync(current.Info.RunId, cancellationToken).ConfigureAwait(false);
            if (artifacts.FirstOrDefault(a => a.Path == EnvironmentArtifact) is { } artifact)
            {
                return (current, artifact);
            }

            if (current.Info.ParentRunId is not { Length: > 0 } parent)
            {
                return null;
            }

            current = await store.GetRunAsync(parent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The environment <paramref name="run"/> recorded; an error that says why when it recorded none or its bytes are not here.</summary>
    public static async Task<EnvironmentRecord> LoadAsync(ITrackingStore store, ObjectCache cache, Run run, CancellationToken cancellationToken)
    {
        var found = await FindAsync(store, run, cancellationToken).ConfigureAwait(false)
            ?? throw AriadneException.InvalidArgument($"Run {run.Info.RunId} recorded no environment (no environment.json on it or its parent runs). Runs of 'ariadne run', 'ariadne repro' and the SDK record one.");
        var own = await store.ListArtifactsAsync(run.Info.RunId, cancellationToken).ConfigureAwait(false);
        var python = own.FirstOrDefault(a => a.Path == PythonEnvironment.ArtifactPath);
        return EnvironmentRecord.Parse(ReadArtifact(cache, found.Artifact, found.Run.Info.RunId), python is null ? null : ReadArtifact(cache, python, run.Info.RunId));
    }

    /// <summary>The text of an artifact from the content cache; an error naming the run and hash when it is not there.</summary>
    public static string ReadArtifact(ObjectCache cache, RunArtifact artifact, string runId)
    {
        var file = cache.PathOf(ContentHash.Parse(artifact.Hash));
        return File.Exists(file)
            ? File.ReadAllText(file)
            : throw AriadneException.ObjectNotFound(artifact.Hash, $"the workspace's cache (artifact '{artifact.Path}' of run {runId})");
    }

    /// <summary>This machine's environment now, seen from <paramref name="folder"/>; with Python's packages when <paramref name="recorded"/> has a Python environment to compare with.</summary>
    public static async Task<EnvironmentRecord> CurrentAsync(string folder, EnvironmentRecord? recorded)
    {
        var environment = await RunEnvironment.CaptureAsync(folder).ConfigureAwait(false);
        PythonEnvironment? python = null;
        if (recorded?.Python is { } recordedPython)
        {
            var program = File.Exists(recordedPython.Executable) ? recordedPython.Executable : Path.GetFileName(recordedPython.Executable);
            python = await PythonEnvironment.CaptureAsync(program.Length > 0 ? program : "python3", folder).ConfigureAwait(false);
        }

        return EnvironmentRecord.From(environment, python, withPackages: false);
    }
}
