using System.Globalization;

namespace Ariadne.Tracking;

/// <summary>
/// Characters a reader cannot see or that change how text around them reads: control characters, format characters
/// (zero-width spaces and joiners, right-to-left overrides, byte order marks), line and paragraph separators and lone
/// surrogates. Names, keys and artifact paths refuse them, so two names that look the same are the same name.
/// </summary>
internal static class InvisibleCharacters
{
    /// <summary>The index of the first invisible character in <paramref name="text"/>, or -1.</summary>
    public static int IndexIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                if (category == UnicodeCategory.Format)
                {
                    return i;
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Throws InvalidArgument naming the character and its position when <paramref name="text"/> holds one.</summary>
    public static void Refuse(string what, string text)
    {
        var at = IndexIn(text);
        if (at >= 0)
        {
            throw AriadneException.InvalidArgument(
                $"The {what} contains the invisible or control character U+{((int)text[at]).ToString("X4", CultureInfo.InvariantCulture)} at position {at.ToString(CultureInfo.InvariantCulture)}. Remove it: names and keys may hold only characters a reader can see.");
        }
    }
}
