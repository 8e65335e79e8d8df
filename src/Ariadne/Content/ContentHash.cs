namespace Ariadne.Content;

/// <summary>A BLAKE3 digest of some content, written as 64 lowercase hex characters.</summary>
public readonly record struct ContentHash : IComparable<ContentHash>
{
    /// <summary>Characters in a hash: 64 lower-case hex digits (BLAKE3, 256 bits).</summary>
    public const int HexLength = 64;

    private ContentHash(string hex) => Hex = hex;

    /// <summary>The 64 lower-case hex digits.</summary>
    public string Hex { get; }

    /// <summary>Hash of the empty content.</summary>
    public static ContentHash Empty { get; } = FromBytes(Blake3.Hasher.Hash([]).AsSpan());

    /// <summary>The hash of a digest of 32 bytes, as BLAKE3 returns it.</summary>
    public static ContentHash FromBytes(ReadOnlySpan<byte> digest) => new(Convert.ToHexStringLower(digest));

    /// <summary>Parses 64 lower-case hex digits; false for anything else.</summary>
    public static bool TryParse(string? text, out ContentHash hash)
    {
        hash = default;
        if (text is null || text.Length != HexLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        hash = new ContentHash(text);
        return true;
    }

    /// <summary>Parses 64 lower-case hex digits; an InvalidArgument error for anything else.</summary>
    public static ContentHash Parse(string text) =>
        TryParse(text, out var hash)
            ? hash
            : throw AriadneException.InvalidArgument($"'{text}' is not a BLAKE3 hash (expected {HexLength} lowercase hex characters).");

    /// <summary>First eight characters, for messages.</summary>
    public string Short => Hex[..8];

    /// <summary>Orders hashes by their hex text (ordinal), as listings and manifests sort them.</summary>
    public int CompareTo(ContentHash other) => string.CompareOrdinal(Hex, other.Hex);

    /// <summary>The 64 hex digits.</summary>
    public override string ToString() => Hex;
}
