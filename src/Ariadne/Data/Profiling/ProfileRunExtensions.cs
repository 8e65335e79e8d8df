using Ariadne.Tracking;

namespace Ariadne.Data.Profiling;

/// <summary>Records data profiles on a tracked run.</summary>
public static class ProfileRunExtensions
{
    /// <summary>Stores a profile (with its distributions, so it can serve as a drift reference) as the run's artifact <c>profiles/{name}.profile.json</c>.</summary>
    public static Task LogProfileAsync(this ActiveRun run, DataProfile profile, string? name = null, CancellationToken cancellationToken = default) =>
        run.LogTextAsync(System.Text.Encoding.UTF8.GetString(ProfileFile.ToBytes(profile)), $"profiles/{name ?? Path.GetFileNameWithoutExtension(profile.Source)}.profile.json", cancellationToken);
}
