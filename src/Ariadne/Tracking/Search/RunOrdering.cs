namespace Ariadne.Tracking.Search;

/// <summary>
/// Parses a search's order-by items: <c>&lt;entity&gt;.&lt;key&gt; [ASC|DESC]</c> with entity metrics, params, tags or
/// attributes (keys quoted as in filters: <c>metrics.`val loss` DESC</c>); a bare attribute name such as
/// <c>start_time DESC</c> is accepted too. ASC is the default. Runs without the key sort last either way, and ties
/// break on <c>start_time DESC, run_id</c>; with no items runs come newest first.
/// </summary>
internal static class RunOrdering
{
    /// <summary>
    /// The keys, in order (empty for null or no items). An invalid item, or a key named twice, throws
    /// <see cref="AriadneException"/> with <see cref="ErrorCode.InvalidArgument"/> quoting the item.
    /// </summary>
    public static IReadOnlyList<OrderByKey> Parse(IReadOnlyList<string>? items)
    {
        if (items is null || items.Count == 0)
        {
            return [];
        }

        if (items.Count > SearchLimits.MaxOrderByKeys)
        {
            throw AriadneException.InvalidArgument(
                $"order_by has {items.Count} items; a search orders by at most {SearchLimits.MaxOrderByKeys} keys. Order by fewer keys.");
        }

        var keys = new List<OrderByKey>(items.Count);
        foreach (var item in items)
        {
            var key = ParseItem(item ?? "");
            if (keys.Any(k => k.Entity == key.Entity && k.Key == key.Key))
            {
                throw AriadneException.InvalidArgument(
                    $"order_by names {SearchKeys.EntityName(key.Entity)}.{FilterText.FormatKey(key.Key)} more than once ('{item}'). Give each key once.");
            }

            keys.Add(key);
        }

        return keys;
    }

    private static OrderByKey ParseItem(string item)
    {
        var cursor = new SearchCursor(item, (position, problem) => AriadneException.InvalidArgument(
            $"Invalid order_by item '{item}' at position {position}: {problem}. Write <entity>.<key> [ASC|DESC], e.g. 'metrics.acc DESC' or 'attributes.start_time'."));
        cursor.SkipWhiteSpace();
        if (cursor.AtEnd)
        {
            throw cursor.Fail(0, "the item is empty");
        }

        SearchEntity entity;
        string key;
        var word = cursor.PeekWord();
        var bareAttribute = SearchKeys.Attribute(word);
        if (bareAttribute is not null && (cursor.Position + word.Length >= item.Length || item[cursor.Position + word.Length] != '.'))
        {
            (entity, key) = (SearchEntity.Attribute, bareAttribute);
            cursor.Position += word.Length;
        }
        else
        {
            var start = cursor.Position;
            (entity, key) = cursor.ReadKey("metrics.acc");
            if (entity == SearchEntity.Dataset)
            {
                throw cursor.Fail(start, "runs cannot be ordered by datasets; order by metrics, params, tags or attributes");
            }
        }

        cursor.SkipWhiteSpace();
        var ascending = true;
        if (!cursor.AtEnd)
        {
            if (cursor.TryKeyword("DESC"))
            {
                ascending = false;
            }
            else if (!cursor.TryKeyword("ASC"))
            {
                throw cursor.Fail(cursor.Position, $"expected ASC or DESC after the key, found {cursor.Describe()} (quote keys with spaces: metrics.`val loss`)");
            }

            cursor.SkipWhiteSpace();
            if (!cursor.AtEnd)
            {
                throw cursor.Fail(cursor.Position, $"unexpected {cursor.Describe()} after the direction");
            }
        }

        return new OrderByKey(entity, key, ascending);
    }
}
