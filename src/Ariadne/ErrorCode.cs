namespace Ariadne;

/// <summary>What went wrong, in a form scripts and the server can act on. The CLI maps each to an exit code.</summary>
public enum ErrorCode
{
    /// <summary>Bad input: a malformed or out-of-range value, or a request that breaks a rule (immutable params, deleted runs).</summary>
    InvalidArgument,
    /// <summary>No <c>.ariadne/</c> folder here or above.</summary>
    NotAWorkspace,
    /// <summary>Another process holds the workspace lock.</summary>
    WorkspaceLocked,
    /// <summary>A file or folder named does not exist.</summary>
    PathNotFound,
    /// <summary>A path that lies outside the workspace.</summary>
    PathOutsideWorkspace,
    /// <summary>A pointer file (<c>.ari</c>) that cannot be read.</summary>
    MalformedPointer,
    /// <summary>A folder manifest in the cache that cannot be read.</summary>
    MalformedManifest,
    /// <summary>A config file that cannot be read.</summary>
    MalformedConfig,
    /// <summary>A content object that is in neither the cache nor the remote.</summary>
    ObjectNotFound,
    /// <summary>A content object whose bytes do not match its hash.</summary>
    ObjectCorrupt,
    /// <summary>An operation that would overwrite files the user changed; <c>--force</c> allows it.</summary>
    WouldOverwrite,
    /// <summary>No remote with that name is configured.</summary>
    RemoteNotFound,
    /// <summary>A URL or tracking URI whose scheme no store is registered for.</summary>
    UnknownScheme,
    /// <summary>A remote or server that could not be reached, or was temporarily unavailable.</summary>
    RemoteUnavailable,
    /// <summary>A git command failed.</summary>
    GitFailed,
    /// <summary>Something this store, remote or platform does not do.</summary>
    Unsupported,
    /// <summary>An experiment, run, tag or other tracked resource that does not exist.</summary>
    ResourceNotFound,
    /// <summary>A tracked resource that already exists under that name or id.</summary>
    ResourceAlreadyExists,
    /// <summary>A run search filter or order that does not parse.</summary>
    InvalidFilter,
    /// <summary>The tracking store failed (database, disk) in a way the request cannot fix.</summary>
    StoreFailure,
    /// <summary>A pipeline file that is missing or invalid.</summary>
    InvalidPipeline,
    /// <summary>A data file that cannot be read as a table, or fails a check.</summary>
    InvalidData,
    /// <summary>A sealed test set read beyond its budget without an override reason.</summary>
    HoldoutBudgetExceeded,

    /// <summary>A server refused the credentials: no token, a wrong or expired one, or a role that may not do this.</summary>
    AccessDenied,
}
