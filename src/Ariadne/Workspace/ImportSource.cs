namespace Ariadne.Workspace;

/// <summary>
/// Where an imported path came from (<c>ariadne import</c>): the git repository as the user named it, the revision
/// asked for (null: the repository's default branch), the commit it resolved to, and the tracked path there. Written
/// into the pointer file's <c>source</c> block, so <c>ariadne update</c> can fetch a newer version and lineage can
/// follow the data back to the project that made it.
/// </summary>
internal sealed record ImportSource(string Repo, string? Rev, string Commit, string Path);
