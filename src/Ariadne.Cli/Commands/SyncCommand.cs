using System.CommandLine;
using Ariadne.Tracking.Http;

namespace Ariadne.Cli.Commands;

/// <summary><c>ariadne sync</c>: uploads what the SDK spooled while the tracking server was unreachable, each write exactly once.</summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string?>("--store") { Description = "The tracking server (http(s)://...); default: ARIADNE_TRACKING_URI" };
        var retryRejected = new Option<bool>("--retry-rejected") { Description = "Also send again the writes the server refused as malformed (kept in *.rejected files)" };
        var command = new Command("sync", "Upload runs' metrics and updates spooled while the tracking server was unreachable (each exactly once).") { store, retryRejected };
        command.SetAction(async (parse, ct) =>
        {
            var uri = parse.GetValue(store) ?? Environment.GetEnvironmentVariable(global::Ariadne.Tracking.TrackingKeys.TrackingUriVariable);
            if (string.IsNullOrEmpty(uri) || !uri.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                throw AriadneException.InvalidArgument("Only a tracking server has a spool. Pass --store http://host:port, or set ARIADNE_TRACKING_URI to the server.");
            }

            await using var tracking = global::Ariadne.Tracking.TrackingClient.Open(uri, context.WorkingDirectory, context.Time);
            var result = global::Ariadne.Tracking.CheckedTrackingStore.Unwrap(tracking.Store) is HttpTrackingStore http ? await http.SyncAsync(ct, parse.GetValue(retryRejected)).ConfigureAwait(false) : new SyncResult();
            context.Console.WriteLine($"Uploaded {result.Entries} spooled write(s) from {result.Files} spool file(s).");
            if (result.Rejected > 0)
            {
                context.Console.WriteLine($"{result.Rejected} write(s) were refused by the server as malformed and kept in *.rejected files next to the spool.");
            }

            foreach (var problem in result.Problems)
            {
                context.Console.WriteLine($"Stopped at a write the server refused; the file is kept: {problem}");
            }

            if (result.Pending > result.Problems.Count)
            {
                context.Console.WriteLine($"{result.Pending - result.Problems.Count} spool file(s) are still waiting: the server could not be reached, or a parent run's file is waiting. Run 'ariadne sync' again later.");
            }

            if (result.RejectedFiles.Count > 0)
            {
                context.Console.WriteLine($"Writes set aside as malformed ({result.RejectedFiles.Count} file(s)); send them again with 'ariadne sync --retry-rejected':");
                foreach (var path in result.RejectedFiles)
                {
                    context.Console.WriteLine($"  {path}");
                }
            }

            if (result.Busy > 0)
            {
                context.Console.WriteLine($"{result.Busy} spool file(s) belong to programs still running; they upload them themselves.");
            }

            return result.Pending > 0 || result.Rejected > 0 || result.RejectedFiles.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Success;
        });
        return command;
    }
}
