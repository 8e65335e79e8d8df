using System.CommandLine;
using System.Globalization;
using Ariadne.Registry;
using Ariadne.Server.Auth;
using Ariadne.Serving;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne serve models:/NAME@ALIAS</c>: serves a registered ML.NET model over HTTP (POST /predict, GET /health,
/// GET /metrics), follows its alias, and logs every prediction to the tracking store for monitoring.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "models:/NAME@ALIAS (followed when the alias moves), models:/NAME/VERSION or models:/NAME/latest" };
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 picks a free one)", DefaultValueFactory = _ => 5001 };
        var store = new Option<string?>("--store") { Description = "Tracking store URI (sqlite:///path.db, postgresql://..., http://server); default: ARIADNE_TRACKING_URI, else this workspace's store" };
        var tokens = new Option<string?>("--tokens") { Description = "Token file (made with 'ariadne server token create'); with tokens in it, every request but /health needs one (POST /predict: writer)" };
        var insecure = new Option<bool>("--insecure-no-auth") { Description = "Serve a non-loopback address without tokens (only on a network you trust)" };
        var flush = new Option<string>("--flush-interval") { Description = "How often predictions are written to the log (e.g. 1s, 500ms); a killed process loses at most this much", DefaultValueFactory = _ => "1s" };
        var poll = new Option<string>("--poll-interval") { Description = "How often the alias is looked up (e.g. 5s)", DefaultValueFactory = _ => "5s" };
        var maxBytes = new Option<long>("--max-request-bytes") { Description = "Largest request body; larger is 413", DefaultValueFactory = _ => ModelServerOptions.DefaultMaxRequestBytes };
        var noLog = new Option<bool>("--no-prediction-log") { Description = "Do not log predictions (for benchmarks; monitoring then sees nothing)" };
        var command = new Command("serve", "Serve a registered ML.NET model over HTTP: POST /predict (JSON or CSV rows), GET /health, GET /metrics (Prometheus). Every prediction is logged for monitoring.")
        {
            model, host, port, store, tokens, insecure, flush, poll, maxBytes, noLog,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            {
                // ML.NET generates code at run time, which a Native AOT binary cannot; the ./ariadne script sends 'serve' to the JIT build.
                throw AriadneException.InvalidArgument("'ariadne serve' runs ML.NET, which needs the JIT and does not run in this Native AOT binary. Start it through the ./ariadne script (it runs 'serve' on the JIT build) or with 'dotnet ariadne.dll serve ...' from the dotnet tool.");
            }

            var uri = ModelUri.Parse(parse.GetValue(model)!);
            var flushInterval = Duration("--flush-interval", parse.GetValue(flush)!);
            var pollInterval = Duration("--poll-interval", parse.GetValue(poll)!);
            TokenFile? tokenFile = null;
            if (parse.GetValue(tokens) is { } tokenPath)
            {
                var full = context.FullPath(tokenPath);
                if (!File.Exists(full))
                {
                    // A mistyped path must not mean a server without authentication.
                    throw AriadneException.InvalidArgument($"The token file '{full}' given with --tokens does not exist. Check the path, or create a token there first with 'ariadne server token create --role writer --tokens {full}'.");
                }

                tokenFile = LoadTokens(full, context.Error);
            }

            await using var tracking = parse.GetValue(store) is { } storeUri
                ? TrackingClient.Open(storeUri, context.WorkingDirectory, context.Time)
                : context.OpenTracking();
            var options = new ModelServerOptions
            {
                Tracking = tracking,
                Model = uri,
                Host = parse.GetValue(host) ?? "127.0.0.1",
                Port = parse.GetValue(port),
                Tokens = tokenFile,
                AllowUnauthenticatedRemote = parse.GetValue(insecure),
                FlushInterval = flushInterval,
                PollInterval = pollInterval,
                MaxRequestBytes = parse.GetValue(maxBytes),
                LogPredictions = !parse.GetValue(noLog),
                Log = context.Error,
            };
            await using var server = await ModelServer.StartAsync(options, ct).ConfigureAwait(false);
            var address = server.Address.ToString().TrimEnd('/');
            var output = context.Console.Profile.Out.Writer;
            output.WriteLine($"Serving {uri} (version {server.Version}) at {address}");
            output.WriteLine($"  POST {address}/predict   GET {address}/health   GET {address}/metrics");
            output.WriteLine($"  auth: {(tokenFile is { IsEmpty: false } ? $"tokens from {tokenFile.Path}" : "none (loopback only)")}");
            output.WriteLine(server.RunId is { } run
                ? $"  prediction log: run {run} in experiment 'ariadne-serving', written every {flushInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                : "  prediction log: off");
            output.WriteLine("Press Ctrl-C to stop.");
            output.Flush();
            try
            {
                await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The token file given with --tokens: it must hold a token (an empty file must not mean a server without
    /// authentication) and must not be writable by others (anyone who can write it can add a token). Readable by others
    /// is a warning: it holds only the tokens' hashes, but 'ariadne server token create' makes it readable by its owner only.
    /// </summary>
    private static TokenFile LoadTokens(string path, TextWriter error)
    {
        if (new FileInfo(path).Length == 0 || File.ReadAllText(path).Trim().Length == 0)
        {
            throw AriadneException.InvalidArgument($"The token file '{path}' given with --tokens is empty, so no request could be let in. Create a token in it with 'ariadne server token create --role writer --tokens {path}', or leave out --tokens to serve this machine (loopback) only.");
        }

        var tokens = TokenFile.Load(path);
        if (tokens.IsEmpty)
        {
            throw AriadneException.InvalidArgument($"The token file '{path}' given with --tokens holds no tokens, so no request could be let in. Create one with 'ariadne server token create --role writer --tokens {path}', or leave out --tokens to serve this machine (loopback) only.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw AriadneException.InvalidArgument($"The token file '{path}' can be written by other users ({Permissions(mode)}), who could add a token of their own. Make it private with 'chmod 600 {path}' and start again.");
            }

            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                error.WriteLine($"Warning: the token file '{path}' can be read by other users ({Permissions(mode)}). It holds only the tokens' hashes, but keep it private: chmod 600 {path}.");
            }
        }

        return tokens;
    }

    private static string Permissions(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    private static TimeSpan Duration(string option, string text)
    {
        var value = text.Trim().ToLowerInvariant();
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && double.IsFinite(n)
            ? TimeSpan.FromSeconds(n * unit)
            : throw AriadneException.InvalidArgument($"{option} '{text}' is not a duration. Write it as 500ms, 1s or 2m.");
    }
}
