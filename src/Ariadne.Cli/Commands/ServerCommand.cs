using System.CommandLine;
using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Server.Auth;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne server</c>: serves a tracking store (the workspace's by default) over MLflow's REST API and Ariadne's own,
/// with artifacts in a folder or S3. <c>ariadne server token create</c> makes tokens.
/// </summary>
internal static class ServerCommand
{
    public const string TokenFileName = "server-tokens.json";

    public static Command Create(CliContext context)
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 picks a free one)", DefaultValueFactory = _ => 5000 };
        var store = new Option<string?>("--store") { Description = "Tracking store URI (sqlite:///path.db, postgresql://...); default: this workspace's store" };
        var artifacts = new Option<string?>("--artifacts") { Description = "Where artifact content lives: a folder or s3://bucket/prefix; default: this workspace's cache" };
        var tokens = new Option<string?>("--tokens") { Description = $"Token file (default: .ariadne/state/{TokenFileName} in the workspace); with tokens in it, every request needs one" };
        var insecure = new Option<bool>("--insecure-no-auth") { Description = "Serve a non-loopback address without tokens (only on a network you trust)" };
        var noSchedules = new Option<bool>("--no-schedules") { Description = "Do not run the workspace's schedules (ariadne.yaml 'schedules:'); by default a server started in a workspace runs them" };
        var command = new Command("server", "Serve the tracking store over HTTP: MLflow's REST API 2.0 (any MLflow client works) and Ariadne's own API.")
        {
            host, port, store, artifacts, tokens, insecure, noSchedules,
        };
        command.Subcommands.Add(TokenCommand(context, tokens));
        command.SetAction(async (parse, ct) =>
        {
            var workspace = TryOpenWorkspace(context);
            var (storeUri, storeSource) = ServedStore(parse.GetValue(store), workspace, context);
            await using var tracking = TrackingClient.Open(storeUri, context.WorkingDirectory, context.Time);
            var artifactStore = OpenArtifacts(context, parse.GetValue(artifacts), workspace);
            var tokenPath = TokenFilePath(context, parse.GetValue(tokens), workspace, required: false);
            if (parse.GetValue(tokens) is not null && !File.Exists(tokenPath))
            {
                // A mistyped path must not mean a server without authentication.
                throw AriadneException.InvalidArgument(
                    $"The token file '{tokenPath}' given with --tokens does not exist. Check the path, or create a token there first with 'ariadne server token create --tokens {tokenPath}'.");
            }

            var tokenFile = tokenPath is null ? null : TokenFile.Load(tokenPath);
            var scheduler = parse.GetValue(noSchedules) ? null : Scheduler(context, workspace, tracking.Store, storeUri);
            var options = new TrackingServerOptions
            {
                Store = tracking.Store,
                Artifacts = artifactStore,
                Host = parse.GetValue(host) ?? "127.0.0.1",
                Port = parse.GetValue(port),
                Tokens = tokenFile,
                AllowUnauthenticatedRemote = parse.GetValue(insecure),
                TempFolder = workspace is null ? null : Path.Combine(workspace.AriadneFolder, "tmp"),
                Time = context.Time,
                Workspace = workspace,
                Scheduler = scheduler,
            };
            await using var server = await TrackingServer.StartAsync(options, ct).ConfigureAwait(false);
            var address = server.Address.ToString().TrimEnd('/');
            context.Console.MarkupLineInterpolated($"Serving tracking store [bold]{storeUri}[/] ({storeSource}) at [bold]{address}[/]");
            context.Console.MarkupLineInterpolated($"  artifacts: {artifactStore?.Description ?? "none (start with --artifacts DIR|s3://...)"}");
            context.Console.MarkupLineInterpolated($"  auth: {(tokenFile is { IsEmpty: false } ? $"tokens from {tokenFile.Path}" : "none (loopback only)")}");
            context.Console.MarkupLineInterpolated($"  MLflow clients: MLFLOW_TRACKING_URI={address}   Ariadne SDK: ARIADNE_TRACKING_URI={address}");
            context.Console.MarkupLineInterpolated($"  schedules: {(scheduler is null ? "none" : string.Join(", ", scheduler.Schedules.Select(s => $"{s.Name} ({s.TriggerText})")))}");
            context.Console.MarkupLine("Press Ctrl-C to stop.");
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
    /// The store a server serves and where that choice came from: <c>--store</c>, else a database in
    /// <c>ARIADNE_TRACKING_URI</c>, else the workspace's database. Never an http(s) store: a server serving another
    /// server, or itself through the <c>ARIADNE_TRACKING_URI</c> clients export, would hang on every call.
    /// </summary>
    private static (string Uri, string Source) ServedStore(string? given, Workspace.DataWorkspace? workspace, CliContext context)
    {
        if (given is not null)
        {
            return IsServer(given)
                ? throw AriadneException.InvalidArgument($"--store {given} is a tracking server; a server serves a database. Pass --store sqlite:///path.db or postgresql://..., or leave --store out to serve this workspace's store.")
                : (given, "--store");
        }

        var variable = Environment.GetEnvironmentVariable(TrackingKeys.TrackingUriVariable);
        if (!string.IsNullOrEmpty(variable) && !IsServer(variable))
        {
            return (variable, TrackingKeys.TrackingUriVariable);
        }

        if (workspace is null)
        {
            throw AriadneException.InvalidArgument(
                $"'{context.WorkingDirectory}' is not an Ariadne workspace and no --store was given, so there is no store to serve" +
                (string.IsNullOrEmpty(variable) ? "" : $" ({TrackingKeys.TrackingUriVariable}={variable} is a server, which a server never serves)") +
                ". Run 'ariadne init' here, or pass --store sqlite:///path.db or postgresql://....");
        }

        var source = string.IsNullOrEmpty(variable)
            ? "this workspace's store"
            : $"this workspace's store; {TrackingKeys.TrackingUriVariable}={variable} is a server, which a server never serves";
        return ("sqlite:///" + workspace.DatabaseFile.TrimStart('/'), source);
    }

    /// <summary>The scheduler of the workspace's schedules, or null when it has none (or the server runs outside a workspace). Bad schedules stop the server from starting.</summary>
    private static Schedules.Scheduler? Scheduler(CliContext context, Workspace.DataWorkspace? workspace, ITrackingStore store, string storeUri)
    {
        if (workspace is null)
        {
            return null;
        }

        var file = Schedules.ScheduleFile.Load(workspace.Root);
        if (file.Schedules.Count == 0)
        {
            return null;
        }

        return new Schedules.Scheduler(file.Schedules, new Schedules.ScheduleRunner(new Schedules.ScheduleRunnerOptions
        {
            Store = store,
            WorkspaceRoot = workspace.Root,
            Workspace = workspace,
            StoreUri = storeUri,
            AriadneCommand = Schedules.ScheduleRunner.CurrentAriadne(typeof(CliApp).Assembly),
            Time = context.Time,
        }));
    }

    private static bool IsServer(string uri) =>
        uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static Command TokenCommand(CliContext context, Option<string?> tokens)
    {
        var role = new Option<string>("--role") { Description = "reader (read only), writer (also create and log) or admin (also delete and restore experiments)", Required = true };
        role.AcceptOnlyFromAmong("reader", "writer", "admin");
        var name = new Option<string?>("--name") { Description = "A name for the token, shown in logs and as the user of runs it creates" };
        var create = new Command("create", "Create a token and print it (only once: the server keeps its hash).") { role, name, tokens };
        create.SetAction(parse =>
        {
            var path = TokenFilePath(context, parse.GetValue(tokens), TryOpenWorkspace(context), required: true)!;
            var file = TokenFile.Load(path);
            var chosen = Enum.Parse<Role>(parse.GetValue(role)!, ignoreCase: true);
            var tokenName = parse.GetValue(name) ?? $"{chosen.ToString().ToLowerInvariant()}-{file.Tokens.Count + 1}";
            var token = file.Create(tokenName, chosen, context.Time.GetUtcNow());
            context.Console.Profile.Out.Writer.WriteLine(token);
            context.Error.WriteLine($"Created {chosen.ToString().ToLowerInvariant()} token '{tokenName}' in {path}. It is shown only now; clients send it as 'Authorization: Bearer <token>' (MLflow: MLFLOW_TRACKING_TOKEN). Restart a running server to pick it up.");
            return ExitCodes.Success;
        });
        var command = new Command("token", "Manage the server's access tokens.");
        command.Subcommands.Add(create);
        return command;
    }

    private static Workspace.DataWorkspace? TryOpenWorkspace(CliContext context)
    {
        try
        {
            return context.OpenWorkspace();
        }
        catch (AriadneException e) when (e.Code == ErrorCode.NotAWorkspace)
        {
            return null;
        }
    }

    private static string? TokenFilePath(CliContext context, string? given, Workspace.DataWorkspace? workspace, bool required)
    {
        if (given is not null)
        {
            return context.FullPath(given);
        }

        if (workspace is not null)
        {
            return Path.Combine(workspace.StateFolder, TokenFileName);
        }

        return required
            ? throw AriadneException.InvalidArgument("Outside a workspace, say where tokens live with --tokens FILE (pass the same file to 'ariadne server').")
            : null;
    }

    internal static IObjectStore? OpenArtifacts(CliContext context, string? location, Workspace.DataWorkspace? workspace)
    {
        if (location is null)
        {
            return workspace is null ? null : ObjectStoreRegistry.Open(new RemoteSettings("artifacts", workspace.Cache.ObjectsFolder, new Dictionary<string, string>()));
        }

        var url = location.Contains("://", StringComparison.Ordinal) ? location : context.FullPath(location);
        // S3 credentials, region and endpoint come from AWS_* environment variables, as for remotes.
        return ObjectStoreRegistry.Open(new RemoteSettings("artifacts", url, new Dictionary<string, string>()));
    }
}
