using System.Diagnostics;
using System.Text.Json;

namespace Ariadne.Tests.Lineage;

/// <summary>Loads an RO-Crate with the npm package ro-crate (tests/services/ro-crate-check.js) and returns what it found.</summary>
internal static class RoCrateReader
{
    public static async Task<JsonElement> ReadAsync(string crateFolder)
    {
        var root = Repository.Root();
        if (!Directory.Exists(Path.Combine(root, "tests", "services", "node_modules", "ro-crate")))
        {
            throw new InvalidOperationException($"The npm package 'ro-crate' is not installed. Run 'npm ci --prefix tests/services' in {root} (./run-tests does).");
        }

        return await Repository.RunAsync("node", [Path.Combine(root, "tests", "services", "ro-crate-check.js"), crateFolder], "Install Node.js (node on PATH).");
    }
}

/// <summary>Reads PROV-JSON with the W3C PROV library for Python (Debian's python3-prov, Lineage/prov_check.py) and returns what it found.</summary>
internal static class ProvReader
{
    public static Task<JsonElement> ReadAsync(string provFile) =>
        Repository.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Lineage", "prov_check.py"), provFile],
            "Install the Debian package python3-prov (./run-tests does): these tests read PROV-JSON with it.");
}

internal static class Repository
{
    public static string Root()
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

    /// <summary>Runs a reader; its last line 'RESULT {json}' is the answer. A reader that cannot start or fails is an error that says what to install.</summary>
    public static async Task<JsonElement> RunAsync(string program, IReadOnlyList<string> arguments, string install)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}. {install}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {program} ({e.Message}). {install}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{output} {install}");
            }

            var line = output.Split('\n').Last(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            return JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
        }
    }
}
