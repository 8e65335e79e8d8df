using System.CommandLine;
using Ariadne.Data.Splitting;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Cli.Commands.Tracking;

internal static class RunsExportCommand
{
    public static Command Create(CliContext context)
    {
        var runIds = new Argument<string[]>("run-id") { Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Export runs as JSON: each run as the REST API's runs/get describes it, its artifacts (sealed parts of splits left out) and every metric's full history.") { runIds, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var store = tracking.Store;
            var exported = new List<RunDetailsJson>();
            foreach (var id in parse.GetValue(runIds)!)
            {
                var run = await RunLookup.GetAsync(store, id, ct).ConfigureAwait(false);
                var history = new Dictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
                foreach (var key in run.LatestMetrics.Select(m => m.Key))
                {
                    history[key] = await store.GetMetricHistoryAsync(run.Info.RunId, key, ct).ConfigureAwait(false);
                }

                var artifacts = await store.ListArtifactsAsync(run.Info.RunId, ct).ConfigureAwait(false);
                var sealedParts = await SealedParts.AmongArtifactsAsync(artifacts, (manifest, _) => Task.FromResult(ReadCached(tracking, manifest)), ct).ConfigureAwait(false);
                foreach (var (path, part) in sealedParts)
                {
                    context.Error.WriteLine($"note: left out artifact '{path}' of run {run.Info.RunId}: it is the sealed part '{part}' of a split. Read it with 'ariadne holdout read', which records the read.");
                }

                exported.Add(RunDetailsJson.From(run, [.. artifacts.Where(a => !sealedParts.ContainsKey(a.Path))], history));
            }

            using var buffer = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
            {
                System.Text.Json.JsonSerializer.Serialize(w, new RunExportJson(RunExportJson.CurrentFormat, exported), AriadneJsonContext.Default.RunExportJson);
            }

            if (parse.GetValue(output) is { } file)
            {
                Ariadne.AtomicFile.WriteAllBytes(context.FullPath(file), buffer.ToArray());
                context.Console.WriteLine($"Exported {exported.Count} run(s) to {file}.");
            }
            else
            {
                context.Console.Profile.Out.Writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>An artifact's bytes from the workspace's content cache, where runs of this workspace keep them; null elsewhere.</summary>
    private static byte[]? ReadCached(TrackingClient tracking, RunArtifact artifact) =>
        tracking.Workspace is { } workspace && Content.ContentHash.TryParse(artifact.Hash, out var hash) && workspace.Cache.Contains(hash)
            ? File.ReadAllBytes(workspace.Cache.PathOf(hash))
            : null;
}
