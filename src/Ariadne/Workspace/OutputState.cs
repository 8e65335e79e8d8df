namespace Ariadne.Workspace;

/// <summary>How the workspace compares with a pointer file.</summary>
internal enum OutputState
{
    /// <summary>The data matches the pointer.</summary>
    Unchanged,

    /// <summary>The data differs from the pointer (edited, added or removed files).</summary>
    Modified,

    /// <summary>The data path does not exist: run 'ariadne checkout' (or 'ariadne pull').</summary>
    Missing,
}
