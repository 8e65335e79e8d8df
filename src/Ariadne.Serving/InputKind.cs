namespace Ariadne.Serving;

/// <summary>The input column types a served model may have (ML.NET scalar types).</summary>
internal enum InputKind
{
    Single,
    Double,
    Int32,
    Int64,
    Boolean,
    Text,
}
