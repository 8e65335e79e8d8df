namespace Ariadne.Server.Hosting;

/// <summary>
/// An error the HTTP layer itself finds (a malformed body, a body too large, a missing token), with its HTTP status
/// and MLflow error code. Errors from the stores arrive as <see cref="AriadneException"/> and are mapped by
/// <see cref="ApiErrors"/>.
/// </summary>
internal sealed class ApiException(int status, string errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    public static ApiException MissingParameter(string name) =>
        new(400, ApiErrors.InvalidParameterValue, $"Missing value for required parameter '{name}'. See the API request docs for how to pass it.");

    public static ApiException InvalidParameter(string message) => new(400, ApiErrors.InvalidParameterValue, message);

    public static ApiException Malformed(string message) => new(400, ApiErrors.BadRequest, message);

    public static ApiException TooLarge(long limit) =>
        new(413, ApiErrors.InvalidParameterValue, $"The request body is larger than the server's limit of {limit} bytes. Send smaller batches.");

    public static ApiException NotJson(string? contentType) =>
        new(415, ApiErrors.BadRequest, $"The request body has content type '{contentType}'; this server reads only JSON bodies. Send 'Content-Type: application/json' (MLflow clients do).");

    public static ApiException NotFound(string message) => new(404, ApiErrors.ResourceDoesNotExist, message);
}
