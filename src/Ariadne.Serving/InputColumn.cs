using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>One input column of a served model, from the input schema saved in its zip: its name, its kind and whether the model needs it.</summary>
internal sealed record InputColumn(string Name, int Index, InputKind Kind, bool Required)
{
    /// <summary>The kind of a schema column; null for a type the server does not take (vectors, dates, keys).</summary>
    public static InputKind? KindOf(DataViewType type) => type switch
    {
        TextDataViewType => InputKind.Text,
        BooleanDataViewType => InputKind.Boolean,
        NumberDataViewType n when n == NumberDataViewType.Single => InputKind.Single,
        NumberDataViewType n when n == NumberDataViewType.Double => InputKind.Double,
        NumberDataViewType n when n == NumberDataViewType.Int32 => InputKind.Int32,
        NumberDataViewType n when n == NumberDataViewType.Int64 => InputKind.Int64,
        _ => null,
    };

    /// <summary>How the kind is named in messages and in /health.</summary>
    public string TypeName => Kind switch
    {
        InputKind.Text => "string",
        InputKind.Boolean => "boolean",
        InputKind.Int32 or InputKind.Int64 => "integer",
        _ => "number",
    };

    /// <summary>
    /// The value a column the request left out (or sent as null or an empty CSV cell) gets: missing (NaN) for numbers,
    /// empty text, false. One boxed instance per kind, so the prediction log tells a missing value from a given one by
    /// reference (<see cref="IsMissing"/>) without keeping anything else per row.
    /// </summary>
    public object DefaultValue => Defaults[(int)Kind];

    /// <summary>Whether <paramref name="value"/> (from a request row) is this column's missing value.</summary>
    public bool IsMissing(object value) => ReferenceEquals(value, Defaults[(int)Kind]);

    private static readonly object[] Defaults = MakeDefaults();

    private static object[] MakeDefaults()
    {
        var defaults = new object[Enum.GetValues<InputKind>().Cast<int>().Max() + 1];
        defaults[(int)InputKind.Text] = ReadOnlyMemory<char>.Empty;
        defaults[(int)InputKind.Boolean] = false;
        defaults[(int)InputKind.Single] = float.NaN;
        defaults[(int)InputKind.Double] = double.NaN;
        defaults[(int)InputKind.Int32] = 0;
        defaults[(int)InputKind.Int64] = 0L;
        return defaults;
    }
}
