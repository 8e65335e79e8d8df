namespace Ariadne.Workspace;

/// <summary>A tracked path (or "sealed parts") with <see cref="Missing"/> of its <see cref="Objects"/> objects not on the remote.</summary>
internal sealed record UnpushedOutput(string Path, int Missing, int Objects);
