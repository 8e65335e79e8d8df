using System.Diagnostics;
using System.Text.Json;

namespace Ariadne.Tests.ModelCards;

/// <summary>
/// Runs tests/services/model-card-check.js: the card's front matter parsed by the npm package 'yaml' and type-checked
/// by the TypeScript compiler against the Hub's ApiModelMetadata (npm @huggingface/hub), which is what the Hub accepts.
/// </summary>
internal static class HubCardCheck
{
    public sealed record Outcome(bool Ok, IReadOnlyList<string> Errors, JsonElement Metadata, string Output);

    public static async Task<Outcome> RunAsync(string cardFile)
    {
        var services = Path.Combine(RepositoryRoot(), "tests", "services");
        foreach (var package in new[] { "yaml", "typescript", "@huggingface/hub" })
        {
            if (!Directory.Exists(Path.Combine(services, "node_modules", package)))
            {
                throw new InvalidOperationException($"The npm package '{package}' is not installed. Run 'npm ci --prefix tests/services' (./run-tests does).");
            }
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(services, "model-card-check.js"));
        start.ArgumentList.Add(cardFile);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"model-card-check.js printed no result (exit {process.ExitCode}):\n{output}\n{await stderr}");
        var result = JsonDocument.Parse(line).RootElement.Clone();
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        var metadata = result.TryGetProperty("metadata", out var m) ? m : default;
        return new Outcome(result.GetProperty("ok").GetBoolean() && process.ExitCode == 0, errors, metadata, output + await stderr);
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
