using System.Data.Common;
using Ariadne.Tracking.Search;

namespace Ariadne.Registry;

/// <summary>
/// One connection (and transaction, for writes) that <see cref="ModelRegistrySql"/> runs its statements on, whichever
/// ADO.NET provider holds it: the SQLite store's session or a PostgreSQL connection. Parameters are written <c>@name</c>.
/// </summary>
internal sealed class RegistryDb(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Appended to a SELECT that reads a row this transaction will change, so concurrent writers queue (PostgreSQL).</summary>
    public string ForUpdate => Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";

    public DbCommand Command(string sql, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Dialect == SqlDialect.Postgres ? name.TrimStart('@') : name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)));
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and hands each row to <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, IEnumerable<KeyValuePair<string, object?>> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        QueryAsync(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)), read, cancellationToken);
}
