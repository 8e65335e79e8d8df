using System.CommandLine;
using Ariadne.Tracking.Http;

namespace Ariadne.Cli.Commands;

/// <summary><c>ariadne sync</c>: uploads what the SDK spooled while the tracking server was unreachable, each write exactly once.</summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string?>("--store") { Description = "The tracking server (http(s)://...); default: ARIADNE_TRACKING_URI" };
        var command = new Command("sync", "Upload runs' metrics and updates spooled while the tracking server was unreachable (each exactly once).") { store };
        command.SetAction(async (parse, ct) =>
        {
            var uri = parse.GetValue(store) ?? Environment.GetEnvironmentVariable(global::Ariadne.Tracking.TrackingKeys.TrackingUriVariable);
            if (string.IsNullOrEmpty(uri) || !uri.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                throw AriadneException.InvalidArgument("Only a tracking server has a spool. Pass --store http://host:port, or set ARIADNE_TRACKING_URI to the server.");
            }

            await using var tracking = global::Ariadne.Tracking.TrackingClient.Open(uri, context.WorkingDirectory, context.Time);
            var result = global::Ariadne.Tracking.CheckedTrackingStore.Unwrap(tracking.Store) is HttpTrackingStore http ? await http.SyncAsync(ct).ConfigureAwait(false) : new SyncResult();
            context.Console.WriteLine($"Uploaded {result.Entries} spooled write(s) from {result.Files} spool file(s).");
            if (result.Rejected > 0)
            {
                context.Console.WriteLine($"{result.Rejected} write(s) were refused by the server as invalid and kept in *.rejected files next to the spool.");
            }

            if (result.Pending > 0)
            {
                context.Console.WriteLine($"{result.Pending} spool file(s) are still waiting: the server could not be reached. Run 'ariadne sync' again later.");
            }

            if (result.Busy > 0)
            {
                context.Console.WriteLine($"{result.Busy} spool file(s) belong to programs still running; they upload them themselves.");
            }

            return result.Pending > 0 || result.Rejected > 0 ? ExitCodes.Incomplete : ExitCodes.Success;
        });
        return command;
    }
}
