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

    /// <summary>The value a column the request left out gets: missing (NaN) for numbers, empty text, false.</summary>
    public object DefaultValue => Kind switch
    {
        InputKind.Text => ReadOnlyMemory<char>.Empty,
        InputKind.Boolean => false,
        InputKind.Single => float.NaN,
        InputKind.Double => double.NaN,
        InputKind.Int32 => 0,
        _ => 0L,
    };
}
