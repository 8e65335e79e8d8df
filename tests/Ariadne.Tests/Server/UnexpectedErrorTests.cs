using System.Collections.Concurrent;
using System.Reflection;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Extensions.Logging;

namespace Ariadne.Tests.Server;

/// <summary>A failure nobody foresaw: the client gets a 500 with a request id, and the operator finds the error under that id in the log.</summary>
public sealed class UnexpectedErrorTests
{
    [Fact]
    public async Task An_unexpected_error_is_a_500_with_a_request_id_that_the_log_carries_with_the_exception()
    {
        using var folder = new TempFolder();
        await using var inner = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        var store = FailingStore.Wrap(inner, nameof(ITrackingStore.SearchExperimentsAsync));
        var log = new CollectingLoggerProvider();
        await using var server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = store, Port = 0 }, logging: b => b.AddProvider(log));
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync("api/2.0/mlflow/experiments/search", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("INTERNAL_ERROR", body.GetProperty("error_code").GetString());
        var requestId = body.GetProperty("request_id").GetString()!;
        Assert.Contains(requestId, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(requestId, entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    /// <summary>A store that throws on one method and passes every other call through.</summary>
    public class FailingStore : DispatchProxy
    {
        private ITrackingStore _inner = null!;
        private string _failOn = "";

        public static ITrackingStore Wrap(ITrackingStore inner, string failOn)
        {
            var proxy = Create<ITrackingStore, FailingStore>();
            var failing = (FailingStore)(object)proxy;
            failing._inner = inner;
            failing._failOn = failOn;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == _failOn)
            {
                throw new InvalidOperationException("simulated bug in the store");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                return null;
            }
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CollectingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
