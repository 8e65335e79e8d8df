using Ariadne.Processes;

namespace Ariadne.RunContext;

/// <summary>
/// Runs a short-lived external tool (git through <see cref="Workspace.GitRepository"/>, nvidia-smi) for environment
/// capture: bounded in time and output, and never throwing. A tool that is missing, fails, or runs past its timeout
/// (its process tree is killed) simply yields <c>null</c>.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The tool's standard output when it exits with code 0 in time; otherwise null.</summary>
    public static Task<ToolOutput?> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, int maxChars = int.MaxValue) =>
        RunAsync(new ProcessCommand(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            Timeout = timeout,
            MaxKeptChars = maxChars,
            Environment = new Dictionary<string, string?> { ["LC_ALL"] = "C" },
            Error = ProcessOutput.Discard,
        });

    /// <summary>The command's standard output when it exits with code 0 before its timeout; otherwise null.</summary>
    public static async Task<ToolOutput?> RunAsync(ProcessCommand command)
    {
        try
        {
            var result = await (command with { Error = command.Error ?? ProcessOutput.Discard }).RunAsync(CancellationToken.None).ConfigureAwait(false);
            return result.Succeeded ? new ToolOutput(result.Output, result.OutputTruncated) : null;
        }
        catch (Exception e) when (e is AriadneException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Missing, not executable, or its working folder is gone: nothing to record.
            return null;
        }
    }
}
