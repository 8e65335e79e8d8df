using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Tests.Postgres;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Server;

/// <summary>
/// Two real <c>ariadne server</c> processes over one PostgreSQL database: a sequenced log-batch posted to both, one
/// after the other and at the same moment, is applied exactly once, because the store recognises it inside its own
/// transaction rather than in either process's memory.
/// </summary>
[Trait("Service", "PostgreSQL")]
[Collection(PostgresServerCollection.Name)]
public sealed partial class ExactlyOnceAcrossServersTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly TempFolder _workspace = new();
    private readonly List<Process> _servers = [];
    private readonly List<HttpClient> _clients = [];
    private string? _database;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        Assert.Equal(0, CliRunner.Run(_workspace.Path, "init").ExitCode);
        var addresses = await Task.WhenAll(StartServerAsync(), StartServerAsync());
        _clients.AddRange(addresses.Select(a => new HttpClient { BaseAddress = new Uri(a), Timeout = TimeSpan.FromSeconds(60) }));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        if (_database is not null)
        {
            await postgres.DropDatabaseAsync(_database);
        }

        _workspace.Dispose();
    }

    [Fact]
    public async Task A_sequenced_batch_posted_to_one_server_and_then_the_other_is_applied_once()
    {
        var runId = await CreateRunAsync(_clients[0]);

        var first = await PostBatchAsync(_clients[0], runId, "laptop-1", 1, value: 0.5);
        var replay = await PostBatchAsync(_clients[1], runId, "laptop-1", 1, value: 0.5);
        var next = await PostBatchAsync(_clients[1], runId, "laptop-1", 2, value: 0.25);
        var older = await PostBatchAsync(_clients[0], runId, "laptop-1", 1, value: 9.0);

        Assert.Equal((true, false, true, false), (first, replay, next, older));
        var history = await HistoryAsync(_clients[1], runId);
        Assert.Equal([0.5, 0.25], history);
        Assert.Equal(2, await StoredSequenceAsync(runId, "laptop-1"));
    }

    [Fact]
    public async Task The_same_sequenced_batch_posted_to_both_servers_at_once_is_applied_by_exactly_one()
    {
        var runId = await CreateRunAsync(_clients[1]);
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var posts = Enumerable.Range(0, 6).Select(async i =>
            {
                await go.Task;
                return await PostBatchAsync(_clients[i % 2], runId, "node-7", sequence, value: sequence);
            }).ToList();
            go.SetResult();

            var applied = await Task.WhenAll(posts);

            Assert.Single(applied, a => a);
        }

        var history = await HistoryAsync(_clients[0], runId);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], history);
        Assert.Equal(5, await StoredSequenceAsync(runId, "node-7"));
    }

    private async Task<string> StartServerAsync()
    {
        var process = Process.Start(CliRunner.ProcessStart(_workspace.Path, "server", "--port", "0", "--store", _database!))!;
        lock (_servers)
        {
            _servers.Add(process);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Address().Match(line) is { Success: true } match)
            {
                // Keep reading the output so the server never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return match.Value;
            }
        }

        throw new InvalidOperationException($"'ariadne server' ended without serving: {await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }

    private static async Task<string> CreateRunAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("api/2.0/mlflow/runs/create", new { experiment_id = "0", start_time = 1_700_000_000_000L });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static async Task<bool> PostBatchAsync(HttpClient client, string runId, string clientId, long sequence, double value)
    {
        using var response = await client.PostAsJsonAsync("api/ariadne/runs/log-batch", new
        {
            run_id = runId,
            client_id = clientId,
            sequence,
            metrics = new[] { new { key = "loss", value, timestamp = 1_700_000_000_000L + sequence, step = sequence } },
            tags = new[] { new { key = "last", value = sequence.ToString(CultureInfo.InvariantCulture) } },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("applied").GetBoolean();
    }

    private static async Task<double[]> HistoryAsync(HttpClient client, string runId)
    {
        var text = await client.GetStringAsync($"api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss");
        using var body = JsonDocument.Parse(text);
        return [.. body.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetDouble())];
    }

    private async Task<long> StoredSequenceAsync(string runId, string clientId)
    {
        await using var database = postgres.OpenDatabase(PostgresServerFixture.DatabaseOf(_database!));
        await using var query = database.CreateCommand("SELECT sequence FROM batch_sequences WHERE run_id = $1 AND client_id = $2");
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId });
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = clientId });
        return (long)(await query.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
