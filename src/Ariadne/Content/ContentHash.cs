namespace Ariadne.Content;

/// <summary>A BLAKE3 digest of some content, written as 64 lowercase hex characters.</summary>
public readonly record struct ContentHash : IComparable<ContentHash>
{
    public const int HexLength = 64;

    private ContentHash(string hex) => Hex = hex;

    public string Hex { get; }

    /// <summary>Hash of the empty content.</summary>
    public static ContentHash Empty { get; } = FromBytes(Blake3.Hasher.Hash([]).AsSpan());

    public static ContentHash FromBytes(ReadOnlySpan<byte> digest) => new(Convert.ToHexStringLower(digest));

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

    public static ContentHash Parse(string text) =>
        TryParse(text, out var hash)
            ? hash
            : throw AriadneException.InvalidArgument($"'{text}' is not a BLAKE3 hash (expected {HexLength} lowercase hex characters).");

    /// <summary>First eight characters, for messages.</summary>
    public string Short => Hex[..8];

    public int CompareTo(ContentHash other) => string.CompareOrdinal(Hex, other.Hex);

    public override string ToString() => Hex;
}
