using System.Text;
using Ariadne.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.Auth;

/// <summary>
/// Checks every API request against the token file: a bearer token (MLflow clients send MLFLOW_TRACKING_TOKEN so) or
/// basic auth whose password is a token (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD). No or an unknown
/// token is 401 UNAUTHENTICATED; a token whose role is too low is 403 PERMISSION_DENIED. Without tokens every request
/// passes (the server then listens on loopback only, unless the user insisted).
/// </summary>
internal static class Authentication
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(TokenFile? tokens) => async (context, next) =>
    {
        if (tokens is null || tokens.IsEmpty || context.Request.Path.Equals("/health", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var token = TokenOf(context.Request);
        if (token is null)
        {
            await ApiContext.WriteErrorAsync(context, 401, ApiErrors.Unauthenticated,
                "This server needs a token. Send 'Authorization: Bearer <token>' (MLflow clients: set MLFLOW_TRACKING_TOKEN); an admin creates one with 'ariadne server token create --role writer'.",
                ["Bearer realm=\"ariadne\"", "Basic realm=\"ariadne\""]).ConfigureAwait(false);
            return;
        }

        var found = tokens.Find(token);
        if (found is null)
        {
            await ApiContext.WriteErrorAsync(context, 401, ApiErrors.Unauthenticated, "The token is not valid on this server. Check it, or ask an admin for a new one ('ariadne server token create').",
                ["Bearer realm=\"ariadne\", error=\"invalid_token\"", "Basic realm=\"ariadne\""]).ConfigureAwait(false);
            return;
        }

        var needed = Permissions.Needed(context.Request);
        if (found.Value.Role < needed)
        {
            await ApiContext.WriteErrorAsync(context, 403, ApiErrors.PermissionDenied,
                $"Token '{found.Value.Name}' has the role {found.Value.Role.ToString().ToLowerInvariant()}; {context.Request.Method} {context.Request.Path} needs {needed.ToString().ToLowerInvariant()}.").ConfigureAwait(false);
            return;
        }

        ServerUser.Set(context, found.Value.Name, found.Value.Role);
        await next(context).ConfigureAwait(false);
    };

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            return token.Length == 0 ? null : token;
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                var password = colon < 0 ? pair : pair[(colon + 1)..];
                return password.Length > 0 ? password : colon > 0 ? pair[..colon] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }
}
