using Ariadne.Remotes;
using Ariadne.Tracking;

namespace Ariadne.Server;

/// <summary>What a tracking server serves and how: the store, the artifact store, the address and the limits.</summary>
public sealed class TrackingServerOptions
{
    public const long DefaultMaxRequestBytes = 8L << 20;
    public const long DefaultMaxArtifactBytes = 8L << 30;

    /// <summary>The tracking store requests read and write; the caller keeps ownership of it.</summary>
    public required ITrackingStore Store { get; init; }

    /// <summary>Where artifact content lives (a folder or an S3 bucket), content-addressed; null serves no artifacts.</summary>
    public IObjectStore? Artifacts { get; init; }

    /// <summary>A folder for uploads in progress (they are hashed before they are stored); default: the system temp folder.</summary>
    public string? TempFolder { get; init; }

    /// <summary>The address to listen on; loopback by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one (see <see cref="TrackingServer.Address"/>).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>The largest JSON request body; larger ones are refused with 413 before anything is written.</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>The largest artifact upload.</summary>
    public long MaxArtifactBytes { get; init; } = DefaultMaxArtifactBytes;

    /// <summary>Tokens and roles; null or empty means no authentication (only allowed on loopback unless <see cref="AllowUnauthenticatedRemote"/>).</summary>
    public Auth.TokenFile? Tokens { get; init; }

    /// <summary>Serve a non-loopback address without authentication (the user insisted with --insecure-no-auth).</summary>
    public bool AllowUnauthenticatedRemote { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The workspace served (<c>ariadne ui</c>, or a server started in one): lineage reads its cache's folder manifests, pointer files and git history.</summary>
    internal Workspace.DataWorkspace? Workspace { get; init; }

    /// <summary>The schedules the server runs in the background (<c>ariadne server</c> in a workspace with <c>schedules:</c>); null runs none.</summary>
    internal Ariadne.Schedules.Scheduler? Scheduler { get; init; }
}
