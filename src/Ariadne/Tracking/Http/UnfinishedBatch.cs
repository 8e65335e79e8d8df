namespace Ariadne.Tracking.Http;

/// <summary>
/// A batch of which the first <see cref="KeptChunks"/> requests were kept (sent, or spooled) before a later one failed.
/// When the same points come again (a retry, possibly with newer points after them), chunking them again gives the
/// same requests, and the kept ones are skipped, so nothing arrives twice.
/// </summary>
internal sealed record UnfinishedBatch(Metric[] Metrics, Param[] Parameters, RunTag[] Tags, int KeptChunks)
{
    /// <summary>How many leading requests of this new batch are already kept: <see cref="KeptChunks"/> when it repeats the unfinished one, else 0.</summary>
    public int KeptOf(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        if (metrics.Count < Metrics.Length || !parameters.SequenceEqual(Parameters) || !tags.SequenceEqual(Tags))
        {
            return 0;
        }

        for (var i = 0; i < Metrics.Length; i++)
        {
            if (metrics[i] != Metrics[i])
            {
                return 0;
            }
        }

        return KeptChunks;
    }
}
