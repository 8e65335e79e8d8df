namespace Ariadne;

/// <summary>
/// The table behind a store registry (MLflow's registry pattern): URI schemes, case-insensitive, mapped to lazy
/// factories; thread-safe, so plugins may register while stores are being opened.
/// </summary>
internal sealed class SchemeRegistry<TInput, TStore>(IEnumerable<KeyValuePair<string, Func<TInput, TStore>>> builtIn)
{
    private readonly Dictionary<string, Func<TInput, TStore>> _factories = new(builtIn, StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Adds or replaces the factory for <paramref name="scheme"/>.</summary>
    public void Register(string scheme, Func<TInput, TStore> factory)
    {
        lock (_gate)
        {
            _factories[scheme] = factory;
        }
    }

    /// <summary>The registered schemes in ordinal order, e.g. for an error that lists them.</summary>
    public IReadOnlyCollection<string> KnownSchemes
    {
        get
        {
            lock (_gate)
            {
                return [.. _factories.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public bool IsKnown(string scheme)
    {
        lock (_gate)
        {
            return _factories.ContainsKey(scheme);
        }
    }

    /// <summary>The factory for <paramref name="scheme"/>, or null when none is registered (or the scheme is null).</summary>
    public Func<TInput, TStore>? Find(string? scheme)
    {
        if (scheme is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _factories.GetValueOrDefault(scheme);
        }
    }
}
