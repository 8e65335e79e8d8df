using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Ariadne.Tracking.Http;

/// <summary>
/// The one table from Ariadne's error codes to MLflow's error codes and HTTP statuses (MLflow's ERROR_CODE_TO_HTTP_STATUS),
/// and back for the HTTP store. It also says which failures are transient: a store that is down, busy or failing at I/O
/// answers 503 with Retry-After, and clients retry (and spool) exactly those; any other error is permanent.
/// </summary>
internal static class ApiErrors
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string BadRequest = "BAD_REQUEST";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
    public const string HoldoutBudgetExceeded = "HOLDOUT_BUDGET_EXCEEDED";

    /// <summary>How long a client is asked to wait before retrying a 503 (the Retry-After header, in seconds).</summary>
    public const int RetryAfterSeconds = 1;

    // SQLite's result codes for a database another connection holds (busy, locked) and for a failed read or write.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;

    public static (int Status, string ErrorCode) For(ErrorCode code) => code switch
    {
        Ariadne.ErrorCode.ResourceNotFound or Ariadne.ErrorCode.ObjectNotFound or Ariadne.ErrorCode.PathNotFound => (404, ResourceDoesNotExist),
        Ariadne.ErrorCode.ResourceAlreadyExists => (400, ResourceAlreadyExists),
        Ariadne.ErrorCode.InvalidArgument or Ariadne.ErrorCode.InvalidFilter or Ariadne.ErrorCode.PathOutsideWorkspace => (400, InvalidParameterValue),
        Ariadne.ErrorCode.RemoteUnavailable or Ariadne.ErrorCode.WorkspaceLocked => (503, TemporarilyUnavailable),
        Ariadne.ErrorCode.HoldoutBudgetExceeded => (409, HoldoutBudgetExceeded),
        Ariadne.ErrorCode.AccessDenied => (403, PermissionDenied),
        _ => (500, InternalError),
    };

    /// <summary>
    /// The status and code for an error a store threw: as <see cref="For(Ariadne.ErrorCode)"/>, except that a store
    /// failure caused by an outage (the database unreachable, busy or locked, timing out, failing at I/O) is 503, so
    /// clients wait and retry instead of giving up on a write that will succeed in a moment.
    /// </summary>
    public static (int Status, string ErrorCode) For(AriadneException e) =>
        e.Code == Ariadne.ErrorCode.StoreFailure && IsOutage(e.InnerException) ? (503, TemporarilyUnavailable) : For(e.Code);

    /// <summary>Whether a response with this status may succeed when sent again: 503 (and 429, 502, 504 from proxies and limits).</summary>
    public static bool IsTransient(int status) => status is 429 or 502 or 503 or 504;

    /// <summary>The Ariadne error code an MLflow error code stands for (used by the HTTP store to rethrow server errors); unknown codes are store failures.</summary>
    public static ErrorCode ToAriadne(string? errorCode, int status) => errorCode switch
    {
        ResourceDoesNotExist => Ariadne.ErrorCode.ResourceNotFound,
        ResourceAlreadyExists => Ariadne.ErrorCode.ResourceAlreadyExists,
        InvalidParameterValue or BadRequest => Ariadne.ErrorCode.InvalidArgument,
        HoldoutBudgetExceeded => Ariadne.ErrorCode.HoldoutBudgetExceeded,
        Unauthenticated or PermissionDenied => Ariadne.ErrorCode.AccessDenied,
        _ when status is 401 or 403 => Ariadne.ErrorCode.AccessDenied,
        _ when status == 404 => Ariadne.ErrorCode.ResourceNotFound,
        _ when status is 400 or 413 => Ariadne.ErrorCode.InvalidArgument,
        _ => Ariadne.ErrorCode.StoreFailure,
    };

    private static bool IsOutage(Exception? e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite && sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoError)
            {
                return true;
            }

            if (current is DbException { IsTransient: true } or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
