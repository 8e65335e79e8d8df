namespace Ariadne.Pipelines;

/// <summary>What a stage asks of a cluster scheduler (Slurm): kept with the stage; the local executor ignores it.</summary>
internal sealed record StageResources(int? Cpus, long? MemoryBytes, int? Gpus, TimeSpan? Time)
{
    public static StageResources None { get; } = new(null, null, null, null);
}
