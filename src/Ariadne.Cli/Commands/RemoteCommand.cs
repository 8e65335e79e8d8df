using System.CommandLine;
using Ariadne.Remotes;

namespace Ariadne.Cli.Commands;

internal static class RemoteCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("remote", "Configure where data is pushed to and pulled from: a folder or an S3-compatible bucket.");
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Remove(context));
        command.Subcommands.Add(Default(context));
        return command;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "A short name, e.g. 'storage'" };
        var url = new Argument<string>("url") { Description = "A folder path, or s3://bucket/prefix" };
        var makeDefault = new Option<bool>("--default", "-d") { Description = "Use this remote when none is named" };
        var endpoint = new Option<string?>("--endpoint") { Description = "S3: endpoint URL of an S3-compatible server (MinIO, Ceph, ...)" };
        var region = new Option<string?>("--region") { Description = "S3: region (default from AWS_REGION, else us-east-1)" };
        var options = new Option<string[]>("--option", "-o") { Description = "Any other setting as key=value (stored in config.yaml; secrets belong in config.local.yaml)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("add", "Add or replace a remote.") { name, url, makeDefault, endpoint, region, options };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var remoteName = parse.GetValue(name)!;
            var remoteUrl = parse.GetValue(url)!;
            if (remoteName.Length == 0 || !remoteName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw AriadneException.InvalidArgument($"Remote name '{remoteName}' may only use letters, digits, '-' and '_'.");
            }

            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(endpoint) is { } e)
            {
                settings["endpoint"] = e;
            }

            if (parse.GetValue(region) is { } r)
            {
                settings["region"] = r;
            }

            foreach (var pair in parse.GetValue(options) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw AriadneException.InvalidArgument($"--option takes key=value, not '{pair}'.");
                }

                settings[pair[..eq]] = pair[(eq + 1)..];
            }

            if (!remoteUrl.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(remoteUrl))
            {
                // Relative folders are stored relative to the workspace, so the committed config works in every clone.
                remoteUrl = Path.GetRelativePath(workspace.Root, context.FullPath(remoteUrl)).Replace(Path.DirectorySeparatorChar, '/');
            }

            var candidate = new RemoteSettings(remoteName, remoteUrl, settings);
            if (!ObjectStoreRegistry.IsKnown(candidate.Scheme))
            {
                throw AriadneException.UnknownScheme(remoteUrl, ObjectStoreRegistry.KnownSchemes.Select(s => s + "://"));
            }

            using (workspace.Lock())
            {
                workspace.Config.SetRemote(remoteName, remoteUrl, settings);
                if (parse.GetValue(makeDefault) || workspace.Config.DefaultRemote is null)
                {
                    workspace.Config.DefaultRemote = remoteName;
                }

                workspace.SaveConfig();
            }

            context.Console.WriteLine($"Remote '{remoteName}' -> {remoteUrl}{(workspace.Config.DefaultRemote == remoteName ? " (default)" : "")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the remotes as JSON" };
        var command = new Command("list", "List configured remotes.") { json };
        command.SetAction(parse =>
        {
            var config = context.OpenWorkspace().Config;
            var remotes = config.RemoteNames.Select(config.Remote).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var remote in remotes)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", remote.Name);
                        w.WriteString("url", remote.Url);
                        w.WriteBoolean("default", remote.Name == config.DefaultRemote);
                        foreach (var (key, value) in remote.Options.Where(kv => !IsSecret(kv.Key)))
                        {
                            w.WriteString(key, value);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (remotes.Count == 0)
            {
                context.Console.WriteLine("No remotes. Add one with 'ariadne remote add <name> <url> --default'.");
            }

            foreach (var remote in remotes)
            {
                var extras = string.Join(", ", remote.Options.Where(kv => !IsSecret(kv.Key)).Select(kv => $"{kv.Key}={kv.Value}"));
                context.Console.WriteLine($"{remote.Name}\t{remote.Url}{(remote.Name == config.DefaultRemote ? "\t(default)" : "")}{(extras.Length > 0 ? "\t" + extras : "")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("name");
        var command = new Command("remove", "Forget a remote (its data stays where it is).") { name };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            using (workspace.Lock())
            {
                if (!workspace.Config.RemoveRemote(parse.GetValue(name)!))
                {
                    throw AriadneException.RemoteNotFound(parse.GetValue(name)!, workspace.Config.RemoteNames);
                }

                workspace.SaveConfig();
            }

            context.Console.WriteLine($"Removed remote '{parse.GetValue(name)}'.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Default(CliContext context)
    {
        var name = new Argument<string>("name");
        var command = new Command("default", "Set the remote used when none is named.") { name };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            using (workspace.Lock())
            {
                workspace.Config.Remote(parse.GetValue(name)!);
                workspace.Config.DefaultRemote = parse.GetValue(name);
                workspace.SaveConfig();
            }

            context.Console.WriteLine($"Default remote: {parse.GetValue(name)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool IsSecret(string key) => key.Contains("secret", StringComparison.OrdinalIgnoreCase) || key.Contains("key", StringComparison.OrdinalIgnoreCase) || key.Contains("token", StringComparison.OrdinalIgnoreCase);
}
