namespace Ariadne.Pipelines;

/// <summary>
/// Runs one attempt of a stage's commands somewhere: on this machine (the local executor) or, later, on a cluster.
/// Cancelling the token stops the commands (the whole process tree) and returns.
/// </summary>
internal interface IStageExecutor
{
    /// <param name="environment">Variables to add to the stage's own <c>env</c> (such as the tracked run's id).</param>
    /// <param name="output">Called with each line the commands print.</param>
    Task<CommandOutcome> RunAsync(Stage stage, string workspaceRoot, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellationToken);
}
