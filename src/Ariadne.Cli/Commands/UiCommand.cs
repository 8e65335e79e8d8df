using System.CommandLine;
using Ariadne.Server;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne ui</c>: the web UI over this workspace's store and cache, on loopback, for one person. It is
/// <c>ariadne server</c> without tokens and without a choice of address; the URL is printed.
/// </summary>
internal static class UiCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 5000 };
        var command = new Command("ui", "Browse this workspace's experiments, runs, charts and datasets in a web browser (127.0.0.1 only).") { port };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var options = new TrackingServerOptions
            {
                Store = tracking.Store,
                Artifacts = ServerCommand.OpenArtifacts(context, null, workspace),
                Host = "127.0.0.1",
                Port = parse.GetValue(port),
                TempFolder = Path.Combine(workspace.AriadneFolder, "tmp"),
                Time = context.Time,
                Workspace = workspace,
            };
            TrackingServer server;
            try
            {
                server = await TrackingServer.StartAsync(options, ct).ConfigureAwait(false);
            }
            catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw AriadneException.InvalidArgument($"Port {options.Port} on 127.0.0.1 is in use (another 'ariadne ui' or server?). Pass --port 0 for a free port, or another number.");
            }

            await using (server.ConfigureAwait(false))
            {
                // The URL goes to stdout alone on its line, so scripts can read it; the rest is for people.
                var output = context.Console.Profile.Out.Writer;
                await output.WriteLineAsync(server.Address.ToString()).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                context.Error.WriteLine($"Ariadne UI for {workspace.Root}. Open the address above in a browser; Ctrl-C stops it.");
                try
                {
                    await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
