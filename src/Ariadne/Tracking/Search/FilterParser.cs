using System.Globalization;

namespace Ariadne.Tracking.Search;

/// <summary>
/// Recursive descent over a filter's text:
/// <code>
/// filter     := or
/// or         := and ( OR and )*
/// and        := primary ( AND primary )*
/// primary    := '(' or ')' | comparison
/// comparison := entity '.' key operator value
/// value      := string | number | '(' string ( ',' string )* ')'
/// </code>
/// Keywords are case-insensitive; AND binds tighter than OR.
/// </summary>
internal sealed class FilterParser
{
    private const string Example = "metrics.acc";

    private const string OperatorList = "=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN";

    private readonly SearchCursor _cursor;

    /// <summary>How many '(' are open at the cursor.</summary>
    private int _depth;

    private int _comparisons;

    private int _listValues;

    private FilterParser(string filter) =>
        _cursor = new SearchCursor(filter, (position, problem) => AriadneException.InvalidFilter(filter, position, problem));

    public static FilterExpression Parse(string filter)
    {
        if (filter.Length > SearchLimits.MaxFilterLength)
        {
            throw AriadneException.InvalidFilter(filter, SearchLimits.MaxFilterLength,
                $"the filter is {filter.Length} characters long; at most {SearchLimits.MaxFilterLength} are allowed. Split the search, or filter on fewer values");
        }

        var parser = new FilterParser(filter);
        var expression = parser.ParseOr();
        var cursor = parser._cursor;
        cursor.SkipWhiteSpace();
        if (!cursor.AtEnd)
        {
            throw cursor.Current == ')'
                ? cursor.Fail(cursor.Position, "this ')' has no matching '('")
                : cursor.Fail(cursor.Position, $"unexpected {cursor.Describe()}: expected AND, OR or the end of the filter");
        }

        return expression;
    }

    private FilterExpression ParseOr()
    {
        var operands = new List<FilterExpression> { ParseAnd() };
        while (NextKeyword("OR"))
        {
            operands.Add(ParseAnd());
        }

        return Combine(operands, static list => new OrFilter(list));
    }

    private FilterExpression ParseAnd()
    {
        var operands = new List<FilterExpression> { ParsePrimary() };
        while (NextKeyword("AND"))
        {
            operands.Add(ParsePrimary());
        }

        return Combine(operands, static list => new AndFilter(list));
    }

    private static FilterExpression Combine<T>(List<FilterExpression> operands, Func<IReadOnlyList<FilterExpression>, T> create)
        where T : FilterExpression
    {
        if (operands.Count == 1)
        {
            return operands[0];
        }

        // (a AND b) AND c is a AND b AND c: flatten operands of the same kind.
        var flat = new List<FilterExpression>();
        foreach (var operand in operands)
        {
            switch (operand)
            {
                case AndFilter inner when typeof(T) == typeof(AndFilter):
                    flat.AddRange(inner.Operands);
                    break;
                case OrFilter alternatives when typeof(T) == typeof(OrFilter):
                    flat.AddRange(alternatives.Operands);
                    break;
                default:
                    flat.Add(operand);
                    break;
            }
        }

        return create(flat);
    }

    private bool NextKeyword(string keyword)
    {
        _cursor.SkipWhiteSpace();
        return _cursor.TryKeyword(keyword);
    }

    private FilterExpression ParsePrimary()
    {
        _cursor.SkipWhiteSpace();
        if (_cursor.AtEnd)
        {
            throw _cursor.Fail(_cursor.Position, $"expected a comparison such as {Example} > 0.9, found the end of the filter");
        }

        if (_cursor.Current == '(')
        {
            var open = _cursor.Position;
            if (++_depth > SearchLimits.MaxNestingDepth)
            {
                throw _cursor.Fail(open, $"parentheses are nested more than {SearchLimits.MaxNestingDepth} deep; a filter may nest at most {SearchLimits.MaxNestingDepth} levels");
            }

            _cursor.Position++;
            var inner = ParseOr();
            _cursor.SkipWhiteSpace();
            if (_cursor.AtEnd)
            {
                throw _cursor.Fail(_cursor.Position, $"missing ')' to close the '(' at position {open}");
            }

            if (_cursor.Current != ')')
            {
                throw _cursor.Fail(_cursor.Position, $"unexpected {_cursor.Describe()}: expected AND, OR or ')' to close the '(' at position {open}");
            }

            _cursor.Position++;
            _depth--;
            return inner;
        }

        if (_cursor.PeekWord().Equals("NOT", StringComparison.OrdinalIgnoreCase))
        {
            throw _cursor.Fail(_cursor.Position, "NOT is only supported as NOT IN (e.g. tags.x NOT IN ('a', 'b')); use != or NOT IN to negate a comparison");
        }

        return ParseComparison();
    }

    private FilterComparison ParseComparison()
    {
        var start = _cursor.Position;
        if (++_comparisons > SearchLimits.MaxComparisons)
        {
            throw _cursor.Fail(start, $"the filter has more than {SearchLimits.MaxComparisons} comparisons; a filter may have at most {SearchLimits.MaxComparisons}: use IN ('a', 'b', ...) for many values of one key, or split the search");
        }

        var (entity, key) = _cursor.ReadKey(Example);
        var subject = _cursor.Text[start.._cursor.Position];

        _cursor.SkipWhiteSpace();
        var operatorPosition = _cursor.Position;
        var op = ReadOperator(subject);
        CheckOperator(entity, key, op, operatorPosition);

        _cursor.SkipWhiteSpace();
        var valuePosition = _cursor.Position;
        FilterValue value = op is ComparisonOperator.In or ComparisonOperator.NotIn ? ReadList(subject) : ReadScalar(subject);
        value = CheckValue(entity, key, op, value, valuePosition);
        return new FilterComparison(entity, key, op, value);
    }

    private ComparisonOperator ReadOperator(string subject)
    {
        if (_cursor.AtEnd)
        {
            throw _cursor.Fail(_cursor.Position, $"expected an operator ({OperatorList}) after '{subject}'");
        }

        var text = _cursor.Text;
        var at = _cursor.Position;
        var next = at + 1 < text.Length ? text[at + 1] : '\0';
        (ComparisonOperator Op, int Length)? symbol = (text[at], next) switch
        {
            ('!', '=') => (ComparisonOperator.NotEqual, 2),
            ('<', '=') => (ComparisonOperator.LessOrEqual, 2),
            ('>', '=') => (ComparisonOperator.GreaterOrEqual, 2),
            ('<', '>') => (ComparisonOperator.NotEqual, 2),
            ('=', '=') => (ComparisonOperator.Equal, 2),
            ('=', _) => (ComparisonOperator.Equal, 1),
            ('<', _) => (ComparisonOperator.Less, 1),
            ('>', _) => (ComparisonOperator.Greater, 1),
            _ => null,
        };
        if (symbol is { } found)
        {
            _cursor.Position += found.Length;
            return found.Op;
        }

        if (_cursor.TryKeyword("LIKE"))
        {
            return ComparisonOperator.Like;
        }

        if (_cursor.TryKeyword("ILIKE"))
        {
            return ComparisonOperator.ILike;
        }

        if (_cursor.TryKeyword("IN"))
        {
            return ComparisonOperator.In;
        }

        if (_cursor.TryKeyword("NOT"))
        {
            _cursor.SkipWhiteSpace();
            if (_cursor.TryKeyword("IN"))
            {
                return ComparisonOperator.NotIn;
            }

            throw _cursor.Fail(_cursor.Position, $"expected IN after NOT, found {_cursor.Describe()}");
        }

        throw _cursor.Fail(at, $"expected an operator ({OperatorList}) after '{subject}', found {_cursor.Describe()}");
    }

    private void CheckOperator(SearchEntity entity, string key, ComparisonOperator op, int position)
    {
        var numeric = entity == SearchEntity.Metric || (entity == SearchEntity.Attribute && SearchKeys.IsNumberAttribute(key));
        var allowed = numeric
            ? op is ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.Less or ComparisonOperator.LessOrEqual
                or ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual
            : op is ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.Like or ComparisonOperator.ILike
                or ComparisonOperator.In or ComparisonOperator.NotIn;
        if (!allowed)
        {
            var what = Describe(entity, key);
            throw _cursor.Fail(position, numeric
                ? $"{FilterText.OperatorText(op)} does not apply to {what}, which is a number: use =, !=, <, <=, > or >="
                : $"{FilterText.OperatorText(op)} does not apply to {what}, which is a string: use =, !=, LIKE, ILIKE, IN or NOT IN");
        }
    }

    private static string Describe(SearchEntity entity, string key) => entity switch
    {
        SearchEntity.Metric => $"metric '{key}'",
        SearchEntity.Param => $"param '{key}'",
        SearchEntity.Tag => $"tag '{key}'",
        SearchEntity.Attribute => $"attribute '{key}'",
        _ => $"dataset {key}",
    };

    private FilterValue ReadScalar(string subject)
    {
        if (_cursor.AtEnd)
        {
            throw _cursor.Fail(_cursor.Position, $"missing value after '{subject}' and its operator");
        }

        var c = _cursor.Current;
        if (c is '\'' or '"')
        {
            return new StringValue(_cursor.ReadQuoted("string"));
        }

        if (char.IsAsciiDigit(c) || c is '.' or '-' or '+')
        {
            return new NumberValue(ReadNumber());
        }

        var word = _cursor.PeekWord();
        throw _cursor.Fail(_cursor.Position, word.Length > 0
            ? $"expected a quoted string or a number after '{subject}', found {_cursor.Describe()} (quote strings: '{word}')"
            : $"expected a quoted string or a number after '{subject}', found {_cursor.Describe()}");
    }

    private double ReadNumber()
    {
        var text = _cursor.Text;
        var start = _cursor.Position;
        var at = start;
        if (text[at] is '-' or '+')
        {
            at++;
        }

        var digits = 0;
        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
            digits++;
        }

        if (at < text.Length && text[at] == '.')
        {
            at++;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
                digits++;
            }
        }

        if (digits > 0 && at < text.Length && text[at] is 'e' or 'E')
        {
            var exponent = at + 1;
            if (exponent < text.Length && text[exponent] is '-' or '+')
            {
                exponent++;
            }

            var exponentStart = exponent;
            while (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                exponent++;
            }

            // Without exponent digits ('1e'), the 'e' stays unread and makes the token invalid below.
            at = exponent > exponentStart ? exponent : at;
        }

        var end = at;
        while (end < text.Length && (SearchCursor.IsWordChar(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var token = text[start..end];
        if (digits == 0 || end > at
            || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw _cursor.Fail(start, $"'{token}' is not a number (write numbers like 3, -0.5 or 1e-3)");
        }

        if (!double.IsFinite(value))
        {
            throw _cursor.Fail(start, $"'{token}' is out of range for a number");
        }

        _cursor.Position = end;
        return value;
    }

    private StringListValue ReadList(string subject)
    {
        if (_cursor.AtEnd || _cursor.Current != '(')
        {
            throw _cursor.Fail(_cursor.Position, $"expected a parenthesised list of quoted strings after IN, e.g. {subject} IN ('a', 'b'), found {_cursor.Describe()}");
        }

        var open = _cursor.Position;
        _cursor.Position++;
        var values = new List<string>();
        while (true)
        {
            _cursor.SkipWhiteSpace();
            if (_cursor.AtEnd)
            {
                throw _cursor.Fail(_cursor.Position, $"missing ')' to close the IN list opened at position {open}");
            }

            if (_cursor.Current is not ('\'' or '"'))
            {
                throw _cursor.Fail(_cursor.Position, values.Count == 0 && _cursor.Current == ')'
                    ? "the IN list is empty: give at least one quoted string"
                    : $"expected a quoted string in the IN list, found {_cursor.Describe()}");
            }

            if (++_listValues > SearchLimits.MaxListValues)
            {
                throw _cursor.Fail(_cursor.Position, $"the IN lists of the filter hold more than {SearchLimits.MaxListValues} values together; a filter may list at most {SearchLimits.MaxListValues}: split the search");
            }

            values.Add(_cursor.ReadQuoted("string"));
            _cursor.SkipWhiteSpace();
            if (_cursor.AtEnd)
            {
                throw _cursor.Fail(_cursor.Position, $"missing ')' to close the IN list opened at position {open}");
            }

            if (_cursor.Current == ')')
            {
                _cursor.Position++;
                return new StringListValue(values);
            }

            if (_cursor.Current != ',')
            {
                throw _cursor.Fail(_cursor.Position, $"expected ',' or ')' in the IN list, found {_cursor.Describe()}");
            }

            _cursor.Position++;
        }
    }

    private FilterValue CheckValue(SearchEntity entity, string key, ComparisonOperator op, FilterValue value, int position)
    {
        var numeric = entity == SearchEntity.Metric || (entity == SearchEntity.Attribute && SearchKeys.IsNumberAttribute(key));
        var what = Describe(entity, key);
        switch (value)
        {
            case StringValue text when numeric:
                throw _cursor.Fail(position, double.TryParse(text.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? $"{what} compares with a number, not a string: remove the quotes ({text.Value})"
                    : $"{what} compares with a number, not the string {FilterText.QuoteString(text.Value)}");
            case NumberValue number when !numeric:
                throw _cursor.Fail(position, $"{what} compares with a quoted string, not a number: write '{_cursor.Text[position.._cursor.Position]}'");
        }

        var statusChecked = entity == SearchEntity.Attribute && key == "status" && op is not (ComparisonOperator.Like or ComparisonOperator.ILike);
        return statusChecked ? CheckStatus(value, position) : value;
    }

    private FilterValue CheckStatus(FilterValue value, int position)
    {
        string Status(string text) => SearchKeys.Status(text)
            ?? throw _cursor.Fail(position, $"'{text}' is not a run status: use {SearchKeys.StatusList}");

        return value switch
        {
            StringValue text => new StringValue(Status(text.Value)),
            StringListValue list => new StringListValue(list.Values.Select(Status).ToList()),
            _ => value,
        };
    }
}
