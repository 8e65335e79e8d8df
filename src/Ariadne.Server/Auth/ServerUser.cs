using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.Auth;

/// <summary>Who a request came from, as the authentication middleware found it (the token's name), kept on the request.</summary>
internal static class ServerUser
{
    private const string Key = "ariadne.user";
    private const string RoleKey = "ariadne.role";

    public static void Set(HttpContext context, string name) => context.Items[Key] = name;

    public static void Set(HttpContext context, string name, Role role)
    {
        Set(context, name);
        context.Items[RoleKey] = role;
    }

    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var name) ? name as string : null;

    /// <summary>The token's role; null on a server without tokens (where every request may do everything).</summary>
    public static Role? RoleOf(HttpContext context) => context.Items.TryGetValue(RoleKey, out var role) ? role as Role? : null;
}
