using System.Diagnostics;
using System.Text.Json;

namespace Ariadne.Tests.Gate;

/// <summary>
/// The third-party tools that check the CI files <c>ariadne ci init</c> writes, installed into tests/services by npm:
/// GitHub's own workflow parser (@actions/workflow-parser) and gitlab-ci-local, run with Node.js.
/// </summary>
internal static class CiTools
{
    /// <summary>Parses a GitHub Actions workflow with @actions/workflow-parser: its errors, and each job's steps by name.</summary>
    public static (int ExitCode, JsonElement Result, string Output) ParseGitHubWorkflow(string file)
    {
        var (code, output) = Node(Services(), [Path.Combine(Services(), "github-workflow-check.mjs"), file], "@actions/workflow-parser", TimeSpan.FromMinutes(2));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"github-workflow-check.mjs printed no result (exit {code}): {output}");
        return (code, JsonDocument.Parse(line).RootElement.Clone(), output);
    }

    /// <summary>Runs every job of the <c>.gitlab-ci.yml</c> in <paramref name="project"/> with gitlab-ci-local in shell mode.</summary>
    public static (int ExitCode, string Output) RunGitLabPipeline(string project, string home, IReadOnlyDictionary<string, string> variables)
    {
        var services = Services();
        List<string> arguments =
        [
            "--require", Path.Combine(services, "set-union-polyfill.cjs"),
            Path.Combine(services, "node_modules", "gitlab-ci-local", "dist", "index.js"),
            "--home", home, "--force-shell-executor", "--color=false",
        ];
        foreach (var (name, value) in variables)
        {
            arguments.Add("--variable");
            arguments.Add($"{name}={value}");
        }

        return Node(project, arguments, "gitlab-ci-local", TimeSpan.FromMinutes(4));
    }

    /// <summary>A folder whose <c>ariadne</c> runs the tool these tests built: what a CI job's install step would put on PATH.</summary>
    public static string AriadneOnPath(string folder)
    {
        Directory.CreateDirectory(folder);
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "dotnet"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("dotnet is not on PATH.");
        var script = Path.Combine(folder, "ariadne");
        File.WriteAllText(script, $"#!/bin/sh\nexec '{new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet}' '{Path.Combine(AppContext.BaseDirectory, "ariadne.dll")}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static (int ExitCode, string Output) Node(string workingDirectory, IReadOnlyList<string> arguments, string package, TimeSpan timeout)
    {
        var services = Services();
        if (!Directory.Exists(Path.Combine(services, "node_modules", package)))
        {
            throw new InvalidOperationException($"The npm package '{package}' is not installed. Run 'npm ci --prefix tests/services' (./run-tests does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node (Debian package nodejs).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} ran past {timeout}: {stdout.Result}{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Services()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ariadne.sln")))
            {
                return Path.Combine(folder.FullName, "tests", "services");
            }
        }

        throw new InvalidOperationException($"Could not find the repository root above {AppContext.BaseDirectory}.");
    }
}
