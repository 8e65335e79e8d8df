using System.Diagnostics;
using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// The npm package 'mlflow' (a Node.js MLflow client nobody here wrote) drives a real server: experiments, runs,
/// params, metrics, batches, search, history, ending runs (tests/services/mlflow-client-check.js). The client's own
/// defects (experiments/list, set-experiment-tag) are asserted to fail there and covered by the HTTP contract tests.
/// </summary>
[Trait("Service", "Node")]
public sealed class NodeMlflowClientTests : SqliteServerTest
{
    [Fact]
    public async Task Npm_mlflow_client_creates_experiments_and_runs_logs_searches_reads_history_and_ends_runs()
    {
        var (exitCode, output) = await NodeClient.RunAsync(Api.Address, token: null);

        Assert.True(exitCode == 0, $"The npm mlflow client check failed (exit {exitCode}):\n{output}");
        var result = NodeClient.Result(output);
        var runIds = result.GetProperty("run_ids").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(3, runIds.Count);
        foreach (var runId in runIds)
        {
            var run = await Api.Store.GetRunAsync(runId, default);
            Assert.Equal(RunStatus.Finished, run.Info.Status);
            Assert.Equal(100, (await Api.Store.GetMetricHistoryAsync(runId, "acc", default)).Count);
            Assert.Equal(5, (await Api.Store.GetMetricHistoryAsync(runId, "loss", default)).Count);
            Assert.Contains(run.Params, p => p.Key == "lr");
        }
    }

    /// <summary>
    /// The npm client has no model-registry calls, so tests/services/mlflow-registry-check.js drives the registry through
    /// the client's own request layer (MLflowBase.req): create model and versions, aliases, get by alias, search, latest,
    /// download URI, rename, and MLflow's error codes.
    /// </summary>
    [Fact]
    public async Task Npm_mlflow_client_request_layer_registers_models_sets_aliases_searches_and_gets_versions_by_alias()
    {
        var (exitCode, output) = await NodeClient.RunAsync(Api.Address, token: null, "mlflow-registry-check.js");

        Assert.True(exitCode == 0, $"The npm mlflow registry check failed (exit {exitCode}):\n{output}");
        var result = NodeClient.Result(output);
        var name = result.GetProperty("name").GetString()!;
        var champion = await Api.Store.GetModelVersionByAliasAsync(name, "champion", default);
        Assert.Equal(1, champion.Version);
        Assert.Equal(result.GetProperty("run_id").GetString(), champion.RunId);
        var model = await Api.Store.GetRegisteredModelAsync(name, default);
        Assert.DoesNotContain("challenger", model.Aliases.Keys); // deleted by the client's DELETE with a query string
        Assert.DoesNotContain("team", model.Tags.Keys); // likewise
    }
}

/// <summary>Runs tests/services/mlflow-client-check.js with node against a server.</summary>
internal static class NodeClient
{
    public static async Task<(int ExitCode, string Output)> RunAsync(Uri server, string? token, string scriptName = "mlflow-client-check.js")
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "services", scriptName);
        if (!Directory.Exists(Path.Combine(root, "tests", "services", "node_modules", "mlflow")))
        {
            throw new InvalidOperationException($"The npm package 'mlflow' is not installed. Run 'npm ci --prefix tests/services' in {root} (./run-tests does).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(server.ToString());
        if (token is not null)
        {
            start.ArgumentList.Add(token);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static JsonElement Result(string output)
    {
        var line = output.Split('\n').Last(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ariadne.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find the repository root above {AppContext.BaseDirectory}.");
    }
}
