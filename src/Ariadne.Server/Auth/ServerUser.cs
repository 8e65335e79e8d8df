using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.Auth;

/// <summary>Who a request came from, as the authentication middleware found it (the token's name), kept on the request.</summary>
internal static class ServerUser
{
    private const string Key = "ariadne.user";

    public static void Set(HttpContext context, string name) => context.Items[Key] = name;

    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var name) ? name as string : null;
}
