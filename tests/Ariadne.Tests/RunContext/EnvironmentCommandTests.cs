using System.Diagnostics;
using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.RunContext;

/// <summary>
/// 'ariadne env show|diff|export' on runs made with 'ariadne run' in a project that pins its SDK (global.json) and
/// packages (packages.lock.json) and runs a Python program; the Dockerfile is read back with dockerfile-ast (npm).
/// </summary>
[Trait("Service", "Node")]
[Collection(Reproduction.ReproduceCommandTests.EnvironmentVariables)]
public sealed class EnvironmentCommandTests : IDisposable
{
    private const string LockFile = """
        {
          "version": 2,
          "dependencies": {
            "net10.0": {
              "Microsoft.ML": { "type": "Direct", "requested": "[5.0.1, )", "resolved": "5.0.1", "contentHash": "abc=" },
              "Microsoft.ML.CpuMath": { "type": "Transitive", "resolved": "5.0.1", "contentHash": "def=" },
              "ariadne": { "type": "Project" }
            }
          }
        }
        """;

    private readonly TestWorkspace _ws = new();

    public EnvironmentCommandTests()
    {
        _ws.Write("global.json", """{ "sdk": { "version": "10.0.100", "rollForward": "latestFeature" } }""");
        _ws.Write("src/packages.lock.json", LockFile);
        _ws.Write("hello.py", "print('hello')\n");
        _ws.Commit("pinned project");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Env_show_lists_runtime_sdk_pins_python_packages_and_chosen_variables()
    {
        var runId = Run(new() { ["OMP_NUM_THREADS"] = "2" });

        var shown = _ws.CliOk("env", "show", runId, "--json");

        using var json = JsonDocument.Parse(shown.Out);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Area: e.GetProperty("area").GetString()!, Name: e.GetProperty("name").GetString()!, Value: e.GetProperty("value").GetString()!)).ToList();
        Assert.Equal(Environment.Version.ToString(), json.RootElement.GetProperty("runtime").GetString()!.Split(' ')[^1]);
        Assert.Equal(DotnetVersion(), json.RootElement.GetProperty("sdk").GetString());
        Assert.Contains(entries, e => e.Area == "pins" && e.Name == "global.json" && e.Value.Contains("SDK 10.0.100, rollForward latestFeature", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Area == "pins" && e.Name == "src/packages.lock.json" && e.Value == "2 packages locked");
        Assert.Contains(entries, e => e.Area == "python" && e.Name == "interpreter");
        Assert.Contains(entries, e => e.Area == "python package" && e.Name.Equals("pip", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(entries, e => e.Area == "variable" && e.Name == "OMP_NUM_THREADS" && e.Value == "2");
        Assert.Contains(entries, e => e.Area == "nuget" && e.Name == "Blake3");

        var text = _ws.CliOk("env", "show", runId[..8]).Out;
        Assert.Contains("SDK 10.0.100", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_diff_names_each_difference_between_runs_and_none_against_the_same_machine()
    {
        var first = Run(new() { ["OMP_NUM_THREADS"] = "2" });
        _ws.Write("src/packages.lock.json", LockFile.Replace("\"resolved\": \"5.0.1\", \"contentHash\": \"def=\"", "\"resolved\": \"5.0.2\", \"contentHash\": \"def=\"", StringComparison.Ordinal));
        var second = Run(new() { ["OMP_NUM_THREADS"] = "8" });

        var diff = _ws.Cli("env", "diff", first, second, "--json");

        Assert.Equal(1, diff.ExitCode);
        using var json = JsonDocument.Parse(diff.Out);
        Assert.False(json.RootElement.GetProperty("same").GetBoolean());
        var differences = json.RootElement.GetProperty("differences").EnumerateArray()
            .Select(d => $"{d.GetProperty("area").GetString()} {d.GetProperty("name").GetString()}: {d.GetProperty("recorded").GetString()} -> {d.GetProperty("other").GetString()}").ToList();
        Assert.Equal(["pin src/packages.lock.json Microsoft.ML.CpuMath: 5.0.1 -> 5.0.2", "variable OMP_NUM_THREADS: 2 -> 8"], differences);

        // Against this machine now (same runtime, SDK, OS, Python, pins as the second run; OMP_NUM_THREADS not set here).
        var here = _ws.Cli("env", "diff", second);
        Assert.Equal(1, here.ExitCode);
        Assert.Contains("variable OMP_NUM_THREADS", here.Out, StringComparison.Ordinal);
        Assert.Contains("8 -> (absent)", here.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("runtime", here.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("python", here.Out, StringComparison.Ordinal);
        var same = Run(new());
        var none = _ws.Cli("env", "diff", same);
        Assert.True(none.ExitCode == 0, none.Out + none.Error);
        Assert.Contains("is the same in every recorded part", none.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_export_writes_a_dockerfile_that_dockerfile_ast_parses_with_the_recorded_versions()
    {
        var runId = Run(new() { ["OMP_NUM_THREADS"] = "4" });
        var show = JsonDocument.Parse(_ws.CliOk("env", "show", runId, "--json").Out).RootElement;
        var pythonPackages = show.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("area").GetString() == "python package")
            .Select(e => (Name: e.GetProperty("name").GetString()!, Version: e.GetProperty("value").GetString()!))
            .Where(p => p.Name is not ("pip" or "setuptools" or "wheel")).ToList();

        _ws.CliOk("env", "export", runId, "--dockerfile", "-o", "Dockerfile");

        var parsed = await ParseDockerfile(_ws.Path("Dockerfile"));
        Assert.Empty(parsed.GetProperty("problems").EnumerateArray());
        var from = Assert.Single(parsed.GetProperty("froms").EnumerateArray());
        Assert.Equal("dotnet/sdk", from.GetProperty("name").GetString());
        Assert.Equal(DotnetVersion(), from.GetProperty("tag").GetString());
        Assert.Equal("4", parsed.GetProperty("env").GetProperty("OMP_NUM_THREADS").GetString());
        var runs = parsed.GetProperty("instructions").EnumerateArray().Where(i => i.GetProperty("keyword").GetString() == "RUN").Select(i => i.GetProperty("arguments").GetString()!).ToList();
        Assert.Contains("dotnet restore src --locked-mode", runs);
        var pip = Assert.Single(runs, r => r.StartsWith("pip install", StringComparison.Ordinal));
        Assert.NotEmpty(pythonPackages);
        Assert.All(pythonPackages, p => Assert.Contains($"{p.Name}=={p.Version}", pip, StringComparison.Ordinal));
        Assert.Contains(parsed.GetProperty("instructions").EnumerateArray(), i => i.GetProperty("keyword").GetString() == "LABEL" && i.GetProperty("arguments").GetString()!.Contains(runId, StringComparison.Ordinal));

        var refused = _ws.Cli("env", "export", runId);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--dockerfile", refused.Error, StringComparison.Ordinal);
    }

    private string Run(Dictionary<string, string> environment)
    {
        var result = CliRunner.RunWithEnvironment(_ws.Root, environment, "run", "--", "python3", "hello.py");
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var start = result.Error.IndexOf("ariadne: run ", StringComparison.Ordinal) + "ariadne: run ".Length;
        return result.Error.Substring(start, 32);
    }

    private string DotnetVersion()
    {
        var start = new ProcessStartInfo("dotnet", "--version") { WorkingDirectory = _ws.Root, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    private static async Task<JsonElement> ParseDockerfile(string path)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ariadne.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("No repository root above the tests.");
        }

        var services = Path.Combine(root, "tests", "services");
        if (!Directory.Exists(Path.Combine(services, "node_modules", "dockerfile-ast")))
        {
            throw new InvalidOperationException($"The npm package 'dockerfile-ast' is not installed. Run 'npm ci --prefix tests/services' in {root} (./run-tests does).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(services, "dockerfile-check.js"));
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dockerfile-check.js failed: {error}");
        var line = output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
    }
}
