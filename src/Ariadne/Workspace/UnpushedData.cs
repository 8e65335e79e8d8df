namespace Ariadne.Workspace;

/// <summary>
/// What a remote lacks of the workspace's tracked data (<see cref="DataTransfer.UnpushedAsync"/>): how many tracked
/// paths and objects were asked about, the paths with missing objects, and notes on what could not be asked about
/// (a folder whose manifest is not in the local cache).
/// </summary>
internal sealed record UnpushedData(string Remote, string RemoteDescription, int Paths, int Objects, IReadOnlyList<UnpushedOutput> Missing, IReadOnlyList<string> Notes);
