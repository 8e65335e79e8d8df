namespace Ariadne.Data.Schema;

/// <summary>Column types a schema can require. <see cref="String"/> accepts any value.</summary>
public enum ColumnType
{
    String,
    Integer,
    Number,
    Boolean,
    Datetime,
}
