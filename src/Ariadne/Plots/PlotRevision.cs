namespace Ariadne.Plots;

/// <summary>
/// A state the plots are read from: the workspace, a git revision, or an experiment (its files from the content cache
/// by the hashes its run recorded). <see cref="Read"/> gives a file's bytes, or null when it has none.
/// </summary>
internal sealed record PlotRevision(string Name, Func<string, byte[]?> Read);
