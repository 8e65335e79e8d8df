using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ariadne.Tests.Support;

/// <summary>
/// Runs tests/Ariadne.Tests/Data/scipy_reference.py with a Python that has SciPy (Debian's python3-scipy, which
/// ./run-tests installs). Fails loudly when there is none: the statistics must be checked against SciPy, not skipped.
/// </summary>
public static class ScipyReference
{
    public static JsonNode Compute(JsonObject cases)
    {
        var python = FindPython();
        using var temp = new TempFolder();
        var input = temp.WriteFile("cases.json", cases.ToJsonString());
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Data", "scipy_reference.py"));
        info.ArgumentList.Add(input);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scipy_reference.py failed ({process.ExitCode}): {stderr.Result}");
        }

        return JsonNode.Parse(stdout.Result)!;
    }

    private static string FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var info = new ProcessStartInfo(candidate, ["-c", "import scipy, numpy"]) { RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        throw new InvalidOperationException("These tests compare against SciPy and need python3 with scipy and numpy. Install the Debian package python3-scipy (./run-tests does).");
    }

    public static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
