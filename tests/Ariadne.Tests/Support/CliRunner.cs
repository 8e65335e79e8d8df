using System.Diagnostics;
using Ariadne.Cli;
using Spectre.Console;

namespace Ariadne.Tests.Support;

/// <summary>Runs the real <c>ariadne</c> command: in-process for speed, or as a separate process where a test kills it.</summary>
public static class CliRunner
{
    static CliRunner()
    {
        Ariadne.S3.S3Remote.Register();
        Ariadne.Postgres.PostgresStore.Register();
    }

    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>Starts a long-running command (a server) in-process; cancelling <paramref name="stop"/> stops it like Ctrl-C.</summary>
    public static (Task<int> Exit, StringWriter Out, StringWriter Error) Start(string workingDirectory, CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(TextWriter.Synchronized(output)),
        });
        var context = new CliContext(workingDirectory, console, TextWriter.Synchronized(error), isTerminal: false, TimeProvider.System);
        return (Task.Run(() => CliApp.RunAsync(args, context, stop)), output, error);
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250;
        var context = new CliContext(workingDirectory, console, error, isTerminal: false, TimeProvider.System);
        var code = CliApp.RunAsync(args, context).GetAwaiter().GetResult();
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>The built tool (ariadne.dll next to the tests), started with <c>dotnet</c>.</summary>
    public static ProcessStartInfo ProcessStart(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ariadne.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>
    /// The built tool as <see cref="ProcessStart"/> starts it, with SIGINT and SIGQUIT at their default handling, as in a
    /// terminal where the user presses Ctrl-C: a test run started in the background of a shell without job control
    /// (<c>./run-tests &amp;</c>) ignores both, every child inherits that, and .NET keeps an inherited ignore, so a
    /// test's <c>kill -INT</c> would never arrive. <c>env --default-signal</c> (coreutils) resets them and runs the tool
    /// in its own process id.
    /// </summary>
    public static ProcessStartInfo InterruptibleProcessStart(string workingDirectory, params string[] args)
    {
        var info = ProcessStart(workingDirectory, args);
        info.FileName = "env";
        info.ArgumentList.Insert(0, "--default-signal=INT,QUIT");
        info.ArgumentList.Insert(1, "dotnet");
        return info;
    }

    /// <summary>
    /// Runs the built tool as a separate process with some environment variables set. Not in-process: the environment
    /// is process-wide, and the tool reads its variables (the tracking URI, the spool folder) in every command, so a
    /// variable set here would reach the in-process commands of tests running at the same time.
    /// </summary>
    public static Result RunWithEnvironment(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var start = ProcessStart(workingDirectory, args);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return RunProcess(start);
    }

    public static Result RunProcess(string workingDirectory, params string[] args) => RunProcess(ProcessStart(workingDirectory, args));

    private static Result RunProcess(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
