namespace Ariadne.Tracking;

/// <summary>Part of the tracking-store contract (<see cref="ITrackingStore"/> extends it; every store implements it): named dataset versions and the runs that read them.</summary>
public interface IDatasetRegistry
{
    /// <summary>Registers a version; the same name and version again with another hash is an error.</summary>
    Task RegisterDatasetVersionAsync(DatasetVersion version, CancellationToken cancellationToken);

    /// <summary>All versions, or those of one name, newest first.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string? name, CancellationToken cancellationToken);

    /// <summary>Runs whose inputs include <paramref name="hash"/>, with their roles.</summary>
    Task<IReadOnlyList<DatasetUse>> ListDatasetUsesAsync(string hash, CancellationToken cancellationToken);
}
