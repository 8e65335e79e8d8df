namespace Ariadne.Tracking;

/// <summary>How <see cref="ActiveRun.LogTableAsync"/> writes a table: CSV (<c>tables/&lt;name&gt;.csv</c>) or JSON (<c>tables/&lt;name&gt;.json</c>).</summary>
public enum TableFormat
{
    /// <summary>Comma-separated values with a header row, quoted as RFC 4180 says; numbers in the invariant culture.</summary>
    Csv,

    /// <summary><c>{"columns": [...], "data": [[...], ...]}</c>, MLflow's table layout.</summary>
    Json,
}
