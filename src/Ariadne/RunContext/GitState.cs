namespace Ariadne.RunContext;

/// <summary>
/// The state of the git repository a run started in: enough to check the same code out again and re-apply
/// uncommitted edits. Captured by <see cref="RunEnvironment.Capture"/>; null there when the folder is not in a
/// repository or git is not installed.
/// </summary>
internal sealed class GitState
{
    /// <summary>The repository's top-level folder.</summary>
    public string? Root { get; init; }

    /// <summary>The full commit id of HEAD; null in a repository without commits yet.</summary>
    public string? Commit { get; init; }

    /// <summary>The checked-out branch; null when HEAD is detached (see <see cref="IsDetached"/>).</summary>
    public string? Branch { get; init; }

    /// <summary>True when HEAD points at a commit rather than a branch.</summary>
    public bool IsDetached { get; init; }

    /// <summary>The URL of remote <c>origin</c>, or of the first remote when there is no origin; credentials removed.</summary>
    public string? RemoteUrl { get; init; }

    /// <summary>The name of the remote <see cref="RemoteUrl"/> came from.</summary>
    public string? RemoteName { get; init; }

    /// <summary>
    /// True when tracked files differ from HEAD (staged or not). Untracked files alone do not make a repository
    /// dirty (as in <c>git describe --dirty</c>); they are listed in <see cref="UntrackedFiles"/>.
    /// </summary>
    public bool IsDirty { get; init; }

    /// <summary>
    /// <c>git diff HEAD --binary</c>: every change to tracked files, applicable with <c>git apply</c> on top of
    /// <see cref="Commit"/>. Empty when clean; null when git could not produce it.
    /// </summary>
    public string? Diff { get; init; }

    /// <summary>True when <see cref="Diff"/> was cut at <see cref="MaxDiffChars"/> characters.</summary>
    public bool DiffTruncated { get; init; }

    /// <summary>Untracked, not ignored files and folders (as <c>git status</c> lists them), relative to <see cref="Root"/>; at most <see cref="MaxUntrackedFiles"/>.</summary>
    public IReadOnlyList<string> UntrackedFiles { get; init; } = [];

    /// <summary>How many untracked entries git listed, including those beyond <see cref="MaxUntrackedFiles"/>.</summary>
    public int UntrackedCount { get; init; }

    /// <summary>The largest diff kept, in characters (16 Mi).</summary>
    public const int MaxDiffChars = 16 * 1024 * 1024;

    /// <summary>The most untracked entries kept.</summary>
    public const int MaxUntrackedFiles = 1000;
}
