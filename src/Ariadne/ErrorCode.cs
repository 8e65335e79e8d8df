namespace Ariadne;

/// <summary>What went wrong, in a form scripts and the server can act on. The CLI maps each to an exit code.</summary>
public enum ErrorCode
{
    InvalidArgument,
    NotAWorkspace,
    WorkspaceLocked,
    PathNotFound,
    PathOutsideWorkspace,
    MalformedPointer,
    MalformedManifest,
    MalformedConfig,
    ObjectNotFound,
    ObjectCorrupt,
    WouldOverwrite,
    RemoteNotFound,
    UnknownScheme,
    RemoteUnavailable,
    GitFailed,
    Unsupported,
    ResourceNotFound,
    ResourceAlreadyExists,
    InvalidFilter,
    StoreFailure,
    InvalidPipeline,
    InvalidData,
    HoldoutBudgetExceeded,

    /// <summary>A server refused the credentials: no token, a wrong or expired one, or a role that may not do this.</summary>
    AccessDenied,
}
