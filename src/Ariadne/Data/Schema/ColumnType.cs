namespace Ariadne.Data.Schema;

/// <summary>Column types a schema can require. <see cref="String"/> accepts any value.</summary>
public enum ColumnType
{
    /// <summary>Any text.</summary>
    String,
    /// <summary>Whole numbers.</summary>
    Integer,
    /// <summary>Any finite number.</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c> (any case).</summary>
    Boolean,
    /// <summary>Dates and times such as <c>2024-01-31</c> or <c>2024-01-31T12:00:00Z</c>.</summary>
    Datetime,
}
