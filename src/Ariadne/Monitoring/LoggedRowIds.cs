using System.Globalization;
using Ariadne.Data.Reading;

namespace Ariadne.Monitoring;

/// <summary>
/// The id of each row of a prediction log batch, which labels are joined by: a one-row request's row id is its
/// <c>request_id</c> (the <c>row</c> column is null), row i of a multi-row request's is <c>{request_id}/{i}</c>
/// (<c>row</c> = i), as the serving answer gives it. Batches written before the <c>row</c> column carry the ids
/// themselves, in an <c>id</c> column, and are read as they are.
/// </summary>
internal readonly struct LoggedRowIds
{
    /// <summary>The columns a reader asks for to know the row ids.</summary>
    public static readonly string[] Columns = ["id", "request_id", "row"];

    private readonly int _id;
    private readonly int _request;
    private readonly int _row;

    private LoggedRowIds(int id, int request, int row) => (_id, _request, _row) = (id, request, row);

    /// <summary>Where the id columns are among a reader's column names.</summary>
    public static LoggedRowIds In(IList<string> columnNames) =>
        new(columnNames.IndexOf("id"), columnNames.IndexOf("request_id"), columnNames.IndexOf("row"));

    /// <summary>The id of row <paramref name="r"/> of a batch, null when the batch has none.</summary>
    public string? Of(TableBatch batch, int r)
    {
        if (_id >= 0)
        {
            return batch.Columns[_id].GetText(r);
        }

        if (_request < 0 || batch.Columns[_request].GetText(r) is not { } request)
        {
            return null;
        }

        if (_row < 0 || batch.Columns[_row].Kinds[r] != CellKind.Number)
        {
            return request;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{request}/{(long)batch.Columns[_row].Numbers[r]}");
    }
}
