using System.CommandLine;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>--executor local|slurm</c> of <c>repro</c>, <c>exp run</c> and <c>sweep</c>: where stage commands run.</summary>
internal static class ExecutorOption
{
    public static Option<string> Create() =>
        new("--executor") { Description = "Where stages run: local (default) or slurm (each stage a Slurm job with its resources)", DefaultValueFactory = _ => "local" };

    /// <summary>The executor named; Slurm's client commands are checked up front unless nothing will run.</summary>
    public static IStageExecutor Resolve(string? name, bool checkAvailable = true)
    {
        IStageExecutor executor = (name ?? "local") switch
        {
            "local" => LocalExecutor.Instance,
            "slurm" => new SlurmExecutor(),
            _ => throw AriadneException.InvalidArgument($"Unknown executor '{name}'. Known executors: local, slurm."),
        };
        if (executor is SlurmExecutor && checkAvailable)
        {
            SlurmExecutor.EnsureAvailable();
        }

        return executor;
    }
}
