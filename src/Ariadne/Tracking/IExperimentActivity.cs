namespace Ariadne.Tracking;

/// <summary>Optional store capability: per experiment, how many active runs it holds and when one last started or ended.</summary>
public interface IExperimentActivity
{
    Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken);
}
