using Ariadne.Tests.Support;

namespace Ariadne.Tests.Gate;

/// <summary>
/// <c>ariadne ci init</c>: the GitHub workflow goes through GitHub's own parser; the GitLab pipeline's job runs for
/// real with gitlab-ci-local in shell mode, in a clone of a local git repository whose data is on a folder remote.
/// </summary>
[Trait(Service.Trait, Service.Node)]
public sealed class CiInitTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Ci_init_github_writes_a_workflow_that_GitHubs_parser_accepts()
    {
        var written = _ws.CliOk("ci", "init", "github", "--metric", "validation.accuracy", "--max-drop", "0.01", "--feed", "https://nuget.example/v3/index.json");
        Assert.Contains("Wrote .github/workflows/ariadne.yml", written.Out, StringComparison.Ordinal);
        var file = _ws.Path(".github/workflows/ariadne.yml");
        var text = File.ReadAllText(file);
        Assert.Contains("ARIADNE_CHECK_ARGS: '--metric validation.accuracy --max-drop 0.01'", text, StringComparison.Ordinal);
        Assert.Contains("vars.ARIADNE_FEED || 'https://nuget.example/v3/index.json'", text, StringComparison.Ordinal);

        var (code, result, output) = CiTools.ParseGitHubWorkflow(file);

        Assert.True(code == 0, output);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var steps = result.GetProperty("steps").GetProperty("check").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["actions/checkout@v4", "actions/setup-dotnet@v4", "Install Ariadne", "Pull tracked data", "Run the pipeline", "Check", "Post the report on the pull request", "Keep the report", "Fail when the gate failed"], steps);

        // The parser does reject a workflow GitHub would not run.
        File.WriteAllText(file, text.Replace("runs-on:", "runs_on:", StringComparison.Ordinal));
        Assert.Equal(1, CiTools.ParseGitHubWorkflow(file).ExitCode);

        Assert.Equal(2, _ws.Cli("ci", "init", "github").ExitCode);
        _ws.CliOk("ci", "init", "github", "--force");
        Assert.Equal(0, CiTools.ParseGitHubWorkflow(file).ExitCode);
    }

    [Fact]
    public void Generated_gitlab_pipeline_runs_its_job_with_gitlab_ci_local_and_fails_on_a_regression()
    {
        _ws.Git("checkout -q -B main");
        _ws.Write("raw.csv", "x,y\n1,2\n");
        _ws.Write("ariadne.yaml", "stages:\n  train:\n    cmd: cp raw.csv model.bin && cp scores.src scores.json\n    deps: [raw.csv, scores.src]\n    outs: [model.bin]\n    metrics: [scores.json]\n");
        _ws.Write("scores.src", "{\"acc\": 0.91}\n");
        _ws.CliOk("add", "raw.csv");
        _ws.CliOk("remote", "add", "store", _ws.Outside("remote"), "--default");
        _ws.CliOk("repro");
        _ws.CliOk("push");
        _ws.CliOk("ci", "init", "gitlab", "--metric", "acc", "--max-drop", "0.01");
        _ws.Commit("baseline");
        _ws.Git("branch baseline");
        _ws.Write("scores.src", "{\"acc\": 0.905}\n");
        _ws.CliOk("repro");
        _ws.CliOk("push");
        _ws.Commit("within the threshold");

        var (code, output, report) = RunInClone("clone1");

        Assert.True(code == 0, output);
        Assert.Contains("PASS  ariadne-check", output, StringComparison.Ordinal);
        Assert.Contains("Pulled 1 object(s)", output, StringComparison.Ordinal);       // a fresh clone gets its data from the folder remote
        Assert.Contains("Running stage 'train'", output, StringComparison.Ordinal);    // and runs the pipeline
        Assert.Contains("Ariadne check passed", report, StringComparison.Ordinal);
        Assert.Contains("0.91 at baseline → 0.905 now", report, StringComparison.Ordinal);

        _ws.Write("scores.src", "{\"acc\": 0.85}\n");
        _ws.CliOk("repro");
        _ws.CliOk("push");
        _ws.Commit("a regression");

        (code, output, report) = RunInClone("clone2");

        Assert.NotEqual(0, code);
        Assert.Contains("FAIL  ariadne-check", output, StringComparison.Ordinal);
        Assert.Contains("| metric acc (max drop 0.01) | ❌ fail | 0.91 at baseline → 0.85 now", report, StringComparison.Ordinal);
    }

    /// <summary>Clones the workspace's repository as a CI runner would, and runs its .gitlab-ci.yml with Ariadne from this build on PATH.</summary>
    private (int ExitCode, string Output, string Report) RunInClone(string name)
    {
        var clone = _ws.Outside(name);
        Git(_ws.Outside(""), $"clone -q {_ws.Root} {clone}");
        Git(clone, "branch baseline origin/baseline");
        var bin = CiTools.AriadneOnPath(_ws.Outside("bin"));
        var (code, output) = CiTools.RunGitLabPipeline(clone, _ws.Outside(name + "-home"), new Dictionary<string, string>
        {
            ["ARIADNE_INSTALL"] = $"export PATH={bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["ARIADNE_BASELINE"] = "baseline",
        });
        var reportFile = Path.Combine(clone, "ariadne-check.md");
        return (code, output, File.Exists(reportFile) ? File.ReadAllText(reportFile) : "");
    }

    private static void Git(string folder, string arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = folder, RedirectStandardError = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {arguments} failed: {error}");
    }
}
