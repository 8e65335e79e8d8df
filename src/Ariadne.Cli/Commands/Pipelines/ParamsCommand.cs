using System.CommandLine;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>ariadne params diff [git-rev]</c>: parameters that differ between a commit (default HEAD) and the workspace.</summary>
internal static class ParamsCommand
{
    public static Command Create(CliContext context)
    {
        var revision = new Argument<string>("git-rev") { Description = "The commit to compare with (default HEAD)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "HEAD" };
        var all = new Option<bool>("--all", "-a") { Description = "List unchanged parameters too" };
        var json = new Option<bool>("--json") { Description = "Print the parameters as JSON" };
        var diff = new Command("diff", "Show the parameters the pipeline reads whose values differ from a git commit (default HEAD).") { revision, all, json };
        diff.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var values = new PipelineValues(workspace, PipelineFile.Load(workspace.Root));
            var rev = parse.GetValue(revision) ?? "HEAD";
            ValueTable.Write(context, values.DiffParams(rev, parse.GetValue(all)), rev, parse.GetValue(json), $"No parameter differs from {rev}.");
            return ExitCodes.Success;
        });
        return new Command("params", "Compare the pipeline's parameters with a git commit.") { diff };
    }
}
