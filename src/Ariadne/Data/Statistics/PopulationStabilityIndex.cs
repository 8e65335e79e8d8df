namespace Ariadne.Data.Statistics;

/// <summary>Population stability index Σ (r − c)·ln(r / c) over bins given as shares (zero shares already replaced).</summary>
internal static class PopulationStabilityIndex
{
    public static double Between(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            psi += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        }

        return psi;
    }
}
