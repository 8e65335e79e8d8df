using System.Text;

namespace Ariadne.Tracking.Search;

/// <summary>
/// Reads filter and order-by text character by character and remembers where it is, so every error names the
/// 0-based position of the offending character.
/// </summary>
internal sealed class SearchCursor(string text, Func<int, string, AriadneException> fail)
{
    public string Text { get; } = text;

    public int Position { get; set; }

    public bool AtEnd => Position >= Text.Length;

    public char Current => Text[Position];

    public AriadneException Fail(int position, string problem) => fail(position, problem);

    public void SkipWhiteSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            Position++;
        }
    }

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The run of letters, digits and underscores at the cursor (empty when there is none); does not move.</summary>
    public string PeekWord()
    {
        var end = Position;
        while (end < Text.Length && IsWordChar(Text[end]))
        {
            end++;
        }

        return Text[Position..end];
    }

    /// <summary>Consumes <paramref name="keyword"/> (any case) when it is the whole word at the cursor.</summary>
    public bool TryKeyword(string keyword)
    {
        if (!PeekWord().Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Position += keyword.Length;
        return true;
    }

    /// <summary>What is at the cursor, for error messages: a word, a quoted string's start, or one character.</summary>
    public string Describe()
    {
        if (AtEnd)
        {
            return "the end of the text";
        }

        var word = PeekWord();
        return word.Length > 0 ? $"'{word}'" : $"'{Current}'";
    }

    /// <summary>
    /// Reads a string quoted with <c>'</c>, <c>"</c> or <c>`</c> (the character at the cursor). The quote is escaped by
    /// doubling it or with a backslash; <c>\\</c> is one backslash; any other backslash is kept as it is (so LIKE
    /// patterns keep their <c>\%</c> and <c>\_</c>).
    /// </summary>
    public string ReadQuoted(string what)
    {
        var start = Position;
        var quote = Current;
        var builder = new StringBuilder();
        Position++;
        while (!AtEnd)
        {
            var c = Current;
            if (c == quote)
            {
                if (Position + 1 < Text.Length && Text[Position + 1] == quote)
                {
                    builder.Append(quote);
                    Position += 2;
                    continue;
                }

                Position++;
                return builder.ToString();
            }

            if (c == '\\' && Position + 1 < Text.Length && (Text[Position + 1] == quote || Text[Position + 1] == '\\'))
            {
                builder.Append(Text[Position + 1]);
                Position += 2;
                continue;
            }

            builder.Append(c);
            Position++;
        }

        throw Fail(start, $"unterminated {what}: the {quote} that starts here has no closing {quote}");
    }

    /// <summary>
    /// Reads <c>entity.key</c>: an entity name, a dot, and a key that is either quoted with backticks or double quotes
    /// or runs to the next white space, operator, parenthesis, comma or quote (so <c>metrics.val.acc</c> is the
    /// metric <c>val.acc</c>). Attribute and dataset keys are checked and made canonical.
    /// </summary>
    public (SearchEntity Entity, string Key) ReadKey(string example)
    {
        var start = Position;
        var word = PeekWord();
        if (word.Length == 0)
        {
            throw Fail(start, $"expected <entity>.<key> such as {example}, found {Describe()}");
        }

        Position += word.Length;
        if (AtEnd || Current != '.')
        {
            throw SearchKeys.ParseEntity(word) is null
                ? Fail(start, $"'{word}' is not a search key: write <entity>.<key> such as {example}, where the entity is {SearchKeys.EntityList}")
                : Fail(Position, $"expected '.' and a key after '{word}', e.g. {SearchKeys.EntityName(SearchKeys.ParseEntity(word)!.Value)}.my_key");
        }

        var entity = SearchKeys.ParseEntity(word) ?? throw Fail(start, $"unknown entity '{word}': use {SearchKeys.EntityList}");
        Position++;
        var keyPosition = Position;
        string key;
        if (!AtEnd && Current is '`' or '"')
        {
            key = ReadQuoted("quoted key");
            if (key.Length == 0)
            {
                throw Fail(keyPosition, $"the key after '{word}.' is empty");
            }
        }
        else
        {
            while (!AtEnd && !FilterText.EndsUnquotedKey(Current))
            {
                Position++;
            }

            key = Text[keyPosition..Position];
            if (key.Length == 0)
            {
                throw Fail(keyPosition, $"expected a key after '{word}.' (quote keys with spaces or symbols: {word}.`my key`)");
            }
        }

        return entity switch
        {
            SearchEntity.Attribute => (entity, SearchKeys.Attribute(key) ?? throw Fail(keyPosition,
                $"unknown attribute '{key}': searchable attributes are {SearchKeys.StringAttributeList}, {SearchKeys.NumberAttributeList}")),
            SearchEntity.Dataset => (entity, SearchKeys.DatasetKey(key) ?? throw Fail(keyPosition,
                $"unknown dataset key '{key}': use {SearchKeys.DatasetKeyList}")),
            _ => (entity, key),
        };
    }
}
