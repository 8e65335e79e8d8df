namespace Ariadne.Tracking.Http;

/// <summary>The one table from Ariadne's error codes to MLflow's error codes and HTTP statuses (MLflow's ERROR_CODE_TO_HTTP_STATUS).</summary>
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

    public static (int Status, string ErrorCode) For(ErrorCode code) => code switch
    {
        Ariadne.ErrorCode.ResourceNotFound or Ariadne.ErrorCode.ObjectNotFound or Ariadne.ErrorCode.PathNotFound => (404, ResourceDoesNotExist),
        Ariadne.ErrorCode.ResourceAlreadyExists => (400, ResourceAlreadyExists),
        Ariadne.ErrorCode.InvalidArgument or Ariadne.ErrorCode.InvalidFilter or Ariadne.ErrorCode.PathOutsideWorkspace => (400, InvalidParameterValue),
        Ariadne.ErrorCode.RemoteUnavailable or Ariadne.ErrorCode.WorkspaceLocked => (503, TemporarilyUnavailable),
        Ariadne.ErrorCode.HoldoutBudgetExceeded => (409, HoldoutBudgetExceeded),
        _ => (500, InternalError),
    };

    /// <summary>The Ariadne error code an MLflow error code stands for (used by the HTTP client to rethrow server errors).</summary>
    public static ErrorCode ToAriadne(string? errorCode, int status) => errorCode switch
    {
        ResourceDoesNotExist => Ariadne.ErrorCode.ResourceNotFound,
        ResourceAlreadyExists => Ariadne.ErrorCode.ResourceAlreadyExists,
        InvalidParameterValue or BadRequest => Ariadne.ErrorCode.InvalidArgument,
        HoldoutBudgetExceeded => Ariadne.ErrorCode.HoldoutBudgetExceeded,
        _ when status == 404 => Ariadne.ErrorCode.ResourceNotFound,
        _ when status is 400 or 413 => Ariadne.ErrorCode.InvalidArgument,
        _ => Ariadne.ErrorCode.StoreFailure,
    };
}
