using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Server.Auth;

/// <summary>
/// The server's tokens: a JSON file holding, per token, its name, role, creation time and the SHA-256 of the token
/// (never the token itself, so a leaked file grants nothing). <see cref="Create"/> returns the token once.
/// </summary>
public sealed class TokenFile
{
    /// <summary>Tokens start with this, so they are easy to spot in logs and secret scanners.</summary>
    public const string Prefix = "ari_";

    private readonly Dictionary<string, TokenRecord> _byHash;

    private TokenFile(string path, List<TokenRecord> tokens)
    {
        Path = path;
        Tokens = tokens;
        _byHash = tokens.ToDictionary(t => t.Sha256, StringComparer.Ordinal);
    }

    public string Path { get; }

    internal List<TokenRecord> Tokens { get; }

    public bool IsEmpty => Tokens.Count == 0;

    /// <summary>The file at <paramref name="path"/>; a missing file holds no tokens.</summary>
    public static TokenFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new TokenFile(path, []);
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(path), TokenJsonContext.Default.TokenDocument);
            return new TokenFile(path, document?.Tokens ?? []);
        }
        catch (JsonException e)
        {
            throw AriadneException.MalformedConfig(path, e.Message);
        }
    }

    /// <summary>Adds a token with <paramref name="role"/>, saves the file (readable by its owner only) and returns the token.</summary>
    public string Create(string name, Role role, DateTimeOffset now)
    {
        var token = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var record = new TokenRecord(name, role.ToString().ToLowerInvariant(), Hash(token), now.ToUnixTimeMilliseconds());
        Tokens.Add(record);
        _byHash[record.Sha256] = record;
        Save();
        return token;
    }

    /// <summary>The role of <paramref name="token"/>, or null when it is not one of these tokens.</summary>
    public (string Name, Role Role)? Find(string token)
    {
        if (!_byHash.TryGetValue(Hash(token), out var record) || !Enum.TryParse<Role>(record.Role, ignoreCase: true, out var role))
        {
            return null;
        }

        return (record.Name, role);
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temp = Path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new TokenDocument { Tokens = Tokens }, TokenJsonContext.Default.TokenDocument));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, Path, overwrite: true);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

internal sealed record TokenRecord(string Name, string Role, string Sha256, long CreatedAt);

internal sealed class TokenDocument
{
    public List<TokenRecord> Tokens { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(TokenDocument))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
