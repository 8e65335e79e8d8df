using System.CommandLine;
using Ariadne.Gate;

namespace Ariadne.Cli.Commands;

/// <summary><c>ariadne ci init github|gitlab</c>: writes a CI file that runs the Ariadne gate on every pull or merge request.</summary>
internal static class CiCommand
{
    public static Command Create(CliContext context)
    {
        var platform = new Argument<string>("platform") { Description = "github (.github/workflows/ariadne.yml) or gitlab (.gitlab-ci.yml)" };
        platform.AcceptOnlyFromAmong("github", "gitlab");
        var feed = new Option<string>("--feed") { Description = "The NuGet feed (URL) that holds the Ariadne.Cli package, written as ARIADNE_FEED", DefaultValueFactory = _ => "" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace the CI file when it exists" };
        var thresholds = new MetricThresholdOptions();
        var init = new Command("init", "Write a CI file that installs Ariadne, pulls the data, runs 'ariadne repro' and 'ariadne check', and posts the report on the pull request.") { platform, feed, force };
        thresholds.AddTo(init);
        init.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var metrics = thresholds.Read(parse);
            var github = parse.GetValue(platform) == "github";
            var relative = github ? CiWorkflow.GitHubPath : CiWorkflow.GitLabPath;
            var path = Path.Combine(workspace.Root, relative);
            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new AriadneException(ErrorCode.WouldOverwrite, $"{relative} exists. Pass --force to replace it, or merge the Ariadne job into it by hand (docs/ci.md shows the steps).");
            }

            var url = parse.GetValue(feed) ?? "";
            var arguments = MetricThresholdOptions.Arguments(metrics);
            var text = github
                ? CiWorkflow.GitHub(url, arguments, File.Exists(Path.Combine(workspace.Root, "global.json")))
                : CiWorkflow.GitLab(url, arguments);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, text);
            var output = context.Console.Profile.Out.Writer;
            output.WriteLine($"Wrote {relative}: on every {(github ? "pull request" : "merge request")} it installs Ariadne, pulls the data, runs 'ariadne repro' and 'ariadne check'{(arguments.Length > 0 ? " " + arguments : "")}, and posts the report.");
            if (url.Length == 0)
            {
                output.WriteLine(github
                    ? "Set the repository variable ARIADNE_FEED to the NuGet feed that holds Ariadne.Cli (or run again with --feed URL --force)."
                    : "Set ARIADNE_FEED in .gitlab-ci.yml (or as a CI/CD variable) to the NuGet feed that holds Ariadne.Cli, or run again with --feed URL --force.");
            }

            if (metrics.Count == 0)
            {
                output.WriteLine("No metric is watched yet: add '--metric NAME --max-drop X' to ARIADNE_CHECK_ARGS (or run again with them and --force).");
            }

            output.WriteLine($"Commit it, and push the data first ('ariadne push'): the job pulls from the default remote.");
            return ExitCodes.Success;
        });
        return new Command("ci", "Continuous integration: write a CI file that runs the Ariadne gate.") { init };
    }
}
