using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Ariadne.Server;
using Ariadne.Server.Auth;
using Ariadne.Server.Hosting;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ariadne.Serving;

/// <summary>
/// Serves a registered ML.NET model over HTTP (Kestrel): <c>POST /predict</c>, <c>GET /health</c>, <c>GET /metrics</c>.
/// Requests are checked against the model's input schema; every prediction is queued for the prediction log (one run in
/// <c>ariadne-serving</c>). An alias is looked up every poll interval; when it moves, the new version is loaded in the
/// background and swapped in with one reference write, so no request waits or fails, and each answer names its version
/// (<c>X-Model-Version</c>). The tracking server's rules apply: loopback only unless tokens are given or the user insists.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    public const string VersionHeader = "X-Model-Version";
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>The longest request id taken from a client.</summary>
    public const int MaxRequestIdLength = 200;

    private readonly ModelServerOptions _options;
    private readonly ServingMetrics _metrics = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _log;
    private WebApplication? _app;
    private volatile ServedModel _model;
    private PredictionLogger? _predictions;
    private Task _poller = Task.CompletedTask;
    private volatile bool _ready;
    private int? _failedVersion;
    private long _droppingSince;

    private ModelServer(ModelServerOptions options, ServedModel model)
    {
        _options = options;
        _model = model;
        _log = options.Log ?? Console.Error;
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:5001/</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The version answering now.</summary>
    public int Version => _model.Version;

    /// <summary>The serving run that holds the prediction log (null when logging is off).</summary>
    public string? RunId => _predictions?.RunId;

    /// <summary>Loads the model, starts listening and starts the prediction log and the alias poller.</summary>
    public static async Task<ModelServer> StartAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = TrackingServer.ResolveHost(options.Host);
        var hasTokens = options.Tokens is { IsEmpty: false };
        if (!IPAddress.IsLoopback(address) && !hasTokens && !options.AllowUnauthenticatedRemote)
        {
            throw AriadneException.InvalidArgument(
                $"Refusing to serve {options.Host} without authentication: anyone who can reach it could use the model and fill its prediction log. Create a token with 'ariadne server token create --role writer' and pass --tokens, or pass --insecure-no-auth if this network is trusted.");
        }

        if (options.MaxRequestBytes <= 0)
        {
            throw AriadneException.InvalidArgument($"The request size limit must be positive, not {options.MaxRequestBytes}.");
        }

        var version = await options.Model.ResolveAsync(options.Tracking.Store, cancellationToken).ConfigureAwait(false);
        var model = await LoadAsync(options, version, cancellationToken).ConfigureAwait(false);
        var server = new ModelServer(options, model);
        try
        {
            await server.StartHostAsync(address, hasTokens, cancellationToken).ConfigureAwait(false);
            if (options.LogPredictions)
            {
                server._predictions = await PredictionLogger.StartAsync(options.Tracking, version.Name, version.Version, new PredictionLoggerOptions
                {
                    Alias = options.Model.Alias,
                    Instance = $"{Dns.GetHostName()}:{server.Address.Port}",
                    FlushInterval = options.FlushInterval,
                    Errors = server._log,
                }, cancellationToken).ConfigureAwait(false);
            }

            server._ready = true;
            if (options.Model.Alias is not null || options.Model.Latest)
            {
                server._poller = Task.Run(server.PollAsync, CancellationToken.None);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until the server stops (Ctrl-C, SIGTERM, <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app!.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops taking requests, lets those in flight finish, writes the prediction log's last batch and finishes its run.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poller.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (_predictions is not null)
        {
            await _predictions.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task StartHostAsync(IPAddress address, bool hasTokens, CancellationToken cancellationToken)
    {
        var builder = ServerHost.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(address, _options.Port);
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Every answer names a version: /predict the one that answered it, anything else the one serving now.
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(VersionHeader))
                {
                    context.Response.Headers[VersionHeader] = _model.Version.ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                _metrics.Request(context.Request.Path.Value ?? "/", context.Response.StatusCode);
            }
        });
        app.Use(CrossSiteProtection.Middleware(checkHost: !hasTokens && IPAddress.IsLoopback(address), address));
        app.Use(Authentication.Middleware(_options.Tokens));
        app.MapPost("/predict", ApiContext.Endpoint(PredictAsync));
        app.MapGet("/health", ApiContext.Endpoint(HealthAsync));
        app.MapGet("/metrics", ApiContext.Endpoint(MetricsAsync));
        app.MapFallback(ApiContext.Endpoint(context => throw new ApiException(404, ApiErrors.EndpointNotFound,
            $"No endpoint {context.Request.Method} {context.Request.Path}. This server answers POST /predict, GET /health and GET /metrics.")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server started without an address.");
        Address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
    }

    private async Task PredictAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var model = _model;
        context.Response.Headers[VersionHeader] = model.Version.ToString(CultureInfo.InvariantCulture);
        var requestId = RequestId(context.Request.Headers[RequestIdHeader]);
        context.Response.Headers[RequestIdHeader] = requestId;
        if (!_ready)
        {
            throw new ApiException(503, ApiErrors.TemporarilyUnavailable, "The server is still starting. Try again in a moment.");
        }

        // The body is read only with a content type a browser cannot send to another site without a CORS preflight
        // (which this server never grants): a page's cross-site form or text/plain post is refused before it is read.
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        var csv = mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, ApiErrors.BadRequest, mediaType.Length == 0
                ? "The request has no Content-Type. Send JSON with 'Content-Type: application/json' or CSV with a header line and 'Content-Type: text/csv'."
                : $"The body is '{Shorten(mediaType)}'. Send JSON (Content-Type: application/json) or CSV with a header line (Content-Type: text/csv); form and text/plain posts are refused.");
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var rows = csv ? RequestRows.ParseCsv(body, model) : RequestRows.ParseJson(body, model);
        var predictions = model.Predict(rows.Values);
        var now = _options.Tracking.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var buffer = new ArrayBufferWriter<byte>(256 + (rows.Count * 160));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model.Name);
            json.WriteNumber("model_version", model.Version);
            json.WriteString("request_id", requestId);
            json.WriteStartArray("predictions");
            Span<char> id = stackalloc char[requestId.Length + 12];
            requestId.CopyTo(id);
            id[requestId.Length] = '/';
            for (var i = 0; i < predictions.Count; i++)
            {
                var p = predictions[i];
                json.WriteStartObject();
                if (predictions.Count == 1)
                {
                    json.WriteString("id", requestId);
                }
                else
                {
                    i.TryFormat(id[(requestId.Length + 1)..], out var digits, default, CultureInfo.InvariantCulture);
                    json.WriteString("id", id[..(requestId.Length + 1 + digits)]);
                }

                if (p.Label is not null)
                {
                    json.WriteString("label", p.Label);
                }
                else
                {
                    WriteNumber(json, "value", p.Value ?? double.NaN);
                }

                if (p.Score is { } score)
                {
                    WriteNumber(json, "score", score);
                }

                if (p.Classes is not null)
                {
                    json.WriteStartObject(model.IsClassifier && p.Classes.Count > 0 ? "scores" : "classes");
                    foreach (var (name, value) in p.Classes)
                    {
                        WriteNumber(json, name, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // One queue item per request; the log copies its rows now (row ids are derived from request_id and row when read).
        if (_predictions is { } log)
        {
            if (!log.TryEnqueue(new ServedPredictions(requestId, now, model, rows.Values, predictions)))
            {
                if (Interlocked.Exchange(ref _droppingSince, now) == 0)
                {
                    _log.WriteLine($"The prediction log of {model.Name} is full ({log.QueueLength} rows wait for the tracking store, which has not taken any for a while); predictions are answered but not logged until it takes rows again (ariadne_serve_prediction_log_dropped_total on /metrics).");
                }
            }
            else if (Volatile.Read(ref _droppingSince) != 0 && Interlocked.Exchange(ref _droppingSince, 0) != 0)
            {
                _log.WriteLine($"The prediction log of {model.Name} takes predictions again ({log.Dropped} were answered but not logged).");
            }
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        _metrics.Predicted(rows.Count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The request id the client sent (at most 200 printable ASCII characters, so it fits a response header and the log),
    /// else a new one. Anything else is refused: a long or multi-line id would break the header it is echoed in.
    /// </summary>
    private static string RequestId(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (header.Count == 0 || (header.Count == 1 && string.IsNullOrEmpty(header[0])))
        {
            return Guid.NewGuid().ToString("N");
        }

        if (header.Count > 1)
        {
            throw new ApiException(400, ApiErrors.InvalidParameterValue, $"The request has {header.Count} X-Request-Id headers. Send one.");
        }

        var given = header[0]!;
        if (given.Length > MaxRequestIdLength)
        {
            throw new ApiException(400, ApiErrors.InvalidParameterValue, $"X-Request-Id is {given.Length} characters long; this server takes at most {MaxRequestIdLength}. Send a shorter id (a UUID is 36), or none and use the one the answer gives.");
        }

        foreach (var ch in given)
        {
            if (ch is < '!' or > '~')
            {
                throw new ApiException(400, ApiErrors.InvalidParameterValue, $"X-Request-Id holds the character U+{(int)ch:X4}; ids are printable ASCII without spaces (letters, digits, and marks such as - _ . : /). Send such an id, or none and use the one the answer gives.");
            }
        }

        return given;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        var limit = _options.MaxRequestBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw TooLarge(length);
        }

        using var memory = new MemoryStream(context.Request.ContentLength is { } known ? (int)Math.Min(known, 1 << 20) : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                memory.Write(chunk, 0, read);
                if (memory.Length > limit)
                {
                    throw TooLarge(null);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return memory.GetBuffer().AsMemory(0, (int)memory.Length);

        ApiException TooLarge(long? size) => new(413, ApiErrors.InvalidParameterValue,
            $"The request body is {(size is { } s ? $"{s} bytes" : "larger than the limit")}; this server takes at most {limit} bytes. Split the rows into smaller requests, or start the server with a larger --max-request-bytes.");
    }

    private async Task HealthAsync(HttpContext context)
    {
        var model = _model;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model.Name);
            json.WriteNumber("version", model.Version);
            if (_options.Model.Alias is { } alias)
            {
                json.WriteString("alias", alias);
            }
            else
            {
                json.WriteNull("alias");
            }

            json.WriteBoolean("ready", _ready);
            json.WriteString("kind", model.IsClassifier ? "classifier" : "regressor");
            if (RunId is { } run)
            {
                json.WriteString("run_id", run);
            }

            json.WriteStartArray("inputs");
            foreach (var input in model.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteString("type", input.TypeName);
                json.WriteBoolean("required", input.Required);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Response.StatusCode = _ready ? 200 : 503;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private Task MetricsAsync(HttpContext context)
    {
        var log = _predictions;
        var text = _metrics.Render(_model, _options.Model.Alias, log);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>Follows the alias: a moved alias loads the new version off the request path, then swaps it in.</summary>
    private async Task PollAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, _options.Tracking.Time, token).ConfigureAwait(false);
                var version = await _options.Model.ResolveAsync(_options.Tracking.Store, token).ConfigureAwait(false);
                if (version.Version == _model.Version || version.Version == _failedVersion)
                {
                    continue;
                }

                var loaded = await LoadAsync(_options, version, token).ConfigureAwait(false);
                var previous = _model.Version;
                _model = loaded;
                _metrics.Switched();
                _log.WriteLine($"{_options.Model} moved: now serving {version.Uri} (was version {previous}).");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
            {
                if (e is AriadneException { Code: ErrorCode.InvalidArgument or ErrorCode.ObjectNotFound })
                {
                    try
                    {
                        _failedVersion = (await _options.Model.ResolveAsync(_options.Tracking.Store, token).ConfigureAwait(false)).Version;
                    }
                    catch (Exception) when (!token.IsCancellationRequested)
                    {
                    }
                }

                _log.WriteLine($"Could not follow {_options.Model} (still serving version {_model.Version}): {e.Message}");
            }
        }
    }

    private static async Task<ServedModel> LoadAsync(ModelServerOptions options, ModelVersion version, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ariadne-serve-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var zip = await ModelFiles.FetchZipAsync(options.Tracking, version, folder, cancellationToken).ConfigureAwait(false);
            return ServedModel.Load(version.Name, version.Version, zip);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
