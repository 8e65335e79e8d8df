namespace Ariadne.Server.Auth;

/// <summary>What a token may do: readers read; writers also create and log; admins also delete and restore.</summary>
public enum Role
{
    Reader,
    Writer,
    Admin,
}
