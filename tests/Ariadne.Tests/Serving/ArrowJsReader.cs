using System.Text.Json;
using Ariadne.Tests.Lineage;

namespace Ariadne.Tests.Serving;

/// <summary>Reads an Arrow IPC file with the npm package apache-arrow (tests/services/arrow-check.js): its schema and rows as JSON.</summary>
internal static class ArrowJsReader
{
    public static async Task<JsonElement> ReadAsync(string file)
    {
        var root = Repository.Root();
        if (!Directory.Exists(Path.Combine(root, "tests", "services", "node_modules", "apache-arrow")))
        {
            throw new InvalidOperationException($"The npm package 'apache-arrow' is not installed. Run 'npm ci --prefix tests/services' in {root} (./run-tests does).");
        }

        return await Repository.RunAsync("node", [Path.Combine(root, "tests", "services", "arrow-check.js"), file], "Install Node.js (node on PATH).");
    }
}
