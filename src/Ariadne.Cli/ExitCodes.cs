namespace Ariadne.Cli;

/// <summary>The tool's exit codes, in one place.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but found a problem or could not finish everything (corrupt objects, failed transfers).</summary>
    public const int Incomplete = 1;

    /// <summary>Bad input: arguments, paths, files. The message says what to fix.</summary>
    public const int UsageError = 2;

    /// <summary>The environment stopped us: a remote, git, a lock held by another command.</summary>
    public const int EnvironmentError = 3;

    public const int Interrupted = 130;

    public const int Unexpected = 70;

    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument or ErrorCode.NotAWorkspace or ErrorCode.PathNotFound or ErrorCode.PathOutsideWorkspace
            or ErrorCode.MalformedPointer or ErrorCode.MalformedManifest or ErrorCode.MalformedConfig or ErrorCode.WouldOverwrite
            or ErrorCode.RemoteNotFound or ErrorCode.UnknownScheme or ErrorCode.InvalidFilter or ErrorCode.ResourceNotFound or ErrorCode.InvalidPipeline
            or ErrorCode.ResourceAlreadyExists or ErrorCode.InvalidData => UsageError,
        ErrorCode.HoldoutBudgetExceeded => Incomplete,
        ErrorCode.ObjectNotFound or ErrorCode.ObjectCorrupt => Incomplete,
        _ => EnvironmentError,
    };
}
