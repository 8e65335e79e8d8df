namespace Ariadne.Pipelines;

/// <summary>What <c>ariadne repro</c> was asked to do.</summary>
/// <param name="Targets">Stages to bring up to date, with everything upstream of them; all stages when empty.</param>
/// <param name="Force">Run the selected stages even when nothing changed (and without the run cache).</param>
/// <param name="DryRun">Only say what would run and why.</param>
/// <param name="Jobs">How many stages may run at once.</param>
/// <param name="KeepGoing">After a failure, still run stages that do not depend on the failed one.</param>
/// <param name="Environment">Variables every stage's command gets on top of its own (experiments set <c>ARIADNE_SEALED_READS</c>).</param>
internal sealed record ReproOptions(IReadOnlyList<string> Targets, bool Force = false, bool DryRun = false, int Jobs = 1, bool KeepGoing = false, IReadOnlyDictionary<string, string>? Environment = null, bool RestoreOnly = false);
