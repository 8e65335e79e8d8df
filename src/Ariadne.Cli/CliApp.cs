using System.CommandLine;
using Ariadne.Cli.Commands;
using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>Builds the <c>ariadne</c> command tree and turns exceptions into messages and exit codes, in one place.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Ariadne: reproducible machine learning. Versions data, tracks where every result came from.");
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(AddCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(CheckoutCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(RemoteCommand.Create(context));
        root.Subcommands.Add(PushCommand.Create(context));
        root.Subcommands.Add(FetchCommand.Create(context));
        root.Subcommands.Add(PullCommand.Create(context));
        root.Subcommands.Add(GcCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(UnprotectCommand.Create(context));
        root.Subcommands.Add(RemoveCommand.Create(context));
        root.Subcommands.Add(MoveCommand.Create(context));
        root.Subcommands.Add(GetCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(UpdateCommand.Create(context));
        root.Subcommands.Add(LsCommand.Create(context));
        root.Subcommands.Add(ConfigCommand.Create(context));
        root.Subcommands.Add(QuickstartCommand.Create(context));
        root.Subcommands.Add(Commands.Tracking.RunCommand.Create(context));
        root.Subcommands.Add(Commands.Tracking.ExperimentsCommand.Create(context));
        root.Subcommands.Add(Commands.Tracking.RunsCommand.Create(context));
        root.Subcommands.Add(Commands.Tracking.DatasetsCommand.Create(context));
        root.Subcommands.Add(Commands.Models.ModelsCommand.Create(context));
        root.Subcommands.Add(LineageCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.ReproCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.DagCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.CommitCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.ParamsCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.MetricsCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.ExpCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.SweepCommand.Create(context));
        root.Subcommands.Add(Commands.Pipelines.PlotsCommand.Create(context));
        root.Subcommands.Add(ServerCommand.Create(context));
        root.Subcommands.Add(UiCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(SyncCommand.Create(context));
        root.Subcommands.Add(Commands.Data.DataCommand.Create(context));
        root.Subcommands.Add(Commands.Data.HoldoutCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(CiCommand.Create(context));
        root.Subcommands.Add(Commands.Env.EnvCommand.Create(context));
        root.Subcommands.Add(ReproduceCommand.Create(context));
        root.Subcommands.Add(Commands.Schedule.ScheduleCommand.Create(context));
        root.Subcommands.Add(Commands.Monitor.MonitorCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Build(context);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = context.Console.Profile.Out.Writer,
            Error = context.Error,

            // Ctrl-C cancels the command's token; give it time to stop its processes (or Slurm jobs) and remove what they
            // half-wrote before the process ends. The default (2 s) could end it mid-cleanup, keeping a partial output.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e)
        {
            await context.Error.WriteLineAsync(e.CliAdvice is { } advice ? $"error: {e.Message} {advice}" : $"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.For(e.Code);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("Interrupted. Nothing half-written was kept; run the same command again to finish.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (UnauthorizedAccessException e)
        {
            await context.Error.WriteLineAsync($"error: permission denied: {e.Message} Check the file and folder permissions.").ConfigureAwait(false);
            return ExitCodes.EnvironmentError;
        }
        catch (IOException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.EnvironmentError;
        }
    }

    public static CliContext ConsoleContext()
    {
        var isTerminal = !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 200;
        }

        return new CliContext(Environment.CurrentDirectory, console, System.Console.Error, isTerminal, TimeProvider.System);
    }
}
