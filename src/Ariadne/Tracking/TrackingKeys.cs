namespace Ariadne.Tracking;

/// <summary>Names Ariadne gives things: environment variables and the <c>ariadne.*</c> tags it writes.</summary>
internal static class TrackingKeys
{
    /// <summary>Environment variable holding the run a child process attaches to (set by <c>ariadne run</c>).</summary>
    public const string RunIdVariable = "ARIADNE_RUN_ID";

    /// <summary>Environment variable holding the tracking store URI.</summary>
    public const string TrackingUriVariable = "ARIADNE_TRACKING_URI";

    /// <summary>
    /// Environment variable that <c>exp run</c> and <c>sweep</c> set for their trials' stages: <c>refuse: why</c> makes
    /// every read of a sealed test set fail (trials are model selection; the sealed set is for the final estimate).
    /// </summary>
    public const string SealedReadsVariable = "ARIADNE_SEALED_READS";

    public const string HeartbeatTag = "ariadne.heartbeat";
    public const string HostTag = "ariadne.host";
    public const string PidTag = "ariadne.pid";
    public const string ProcessStartTag = "ariadne.process_start";
    public const string SeedPrefix = "seed.";
}
