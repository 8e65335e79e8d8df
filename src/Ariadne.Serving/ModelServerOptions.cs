using Ariadne.Registry;
using Ariadne.Server.Auth;
using Ariadne.Tracking;

namespace Ariadne.Serving;

/// <summary>What <see cref="ModelServer"/> serves and how.</summary>
public sealed class ModelServerOptions
{
    /// <summary>The default largest request body: 1 MiB.</summary>
    public const long DefaultMaxRequestBytes = 1 << 20;

    /// <summary>The tracking client whose store holds the registry (and receives the prediction log).</summary>
    public required TrackingClient Tracking { get; init; }

    /// <summary>The model to serve: <c>models:/NAME@ALIAS</c> (followed as it moves) or <c>models:/NAME/V</c>.</summary>
    public required ModelUri Model { get; init; }

    /// <summary>The address to listen on (default 127.0.0.1).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port (0 picks a free one).</summary>
    public int Port { get; init; } = 5001;

    /// <summary>The tokens a request must carry (any role for GET, writer for POST /predict); null or empty: none, loopback only.</summary>
    public TokenFile? Tokens { get; init; }

    /// <summary>Serve a non-loopback address without tokens.</summary>
    public bool AllowUnauthenticatedRemote { get; init; }

    /// <summary>How often the alias is looked up (default 5 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often predictions are written to the log (default 1 s).</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether predictions are logged (default true).</summary>
    public bool LogPredictions { get; init; } = true;

    /// <summary>The largest request body in bytes; a larger one is 413 (default 1 MiB).</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>Where warnings go (a failed alias lookup, a failed log flush); default standard error.</summary>
    public TextWriter? Log { get; init; }
}
