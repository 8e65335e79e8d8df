using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string?>("key") { Description = "A setting: cache.link, cache.jobs, core.remote, remotes.NAME.OPTION (url, endpoint, region, ...)", Arity = ArgumentArity.ZeroOrOne };
        var value = new Argument<string?>("value") { Description = "The new value (cache.link takes a comma-separated list); without it the current value is printed", Arity = ArgumentArity.ZeroOrOne };
        var local = new Option<bool>("--local") { Description = "Write .ariadne/config.local.yaml (this machine only, git-ignored, read over config.yaml)" };
        var unset = new Option<bool>("--unset") { Description = "Remove the setting" };
        var list = new Option<bool>("--list", "-l") { Description = "List every setting in effect (with --local: those of config.local.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print values as JSON" };
        var command = new Command("config", "Read and write workspace settings, checked as the config files are.") { key, value, local, unset, list, json };
        command.SetAction(parse =>
        {
            var settings = new WorkspaceSettings(context.OpenWorkspace());
            var name = parse.GetValue(key);
            var newValue = parse.GetValue(value);
            var isLocal = parse.GetValue(local);
            if (parse.GetValue(list))
            {
                if (name is not null || parse.GetValue(unset))
                {
                    throw AriadneException.InvalidArgument("--list takes no key and no --unset: 'ariadne config --list [--local]'.");
                }

                return Print(settings.List(isLocal), parse.GetValue(json));
            }

            if (name is null)
            {
                throw AriadneException.InvalidArgument("Name a setting ('ariadne config cache.jobs'), give it a value ('ariadne config cache.jobs 4'), or list them ('ariadne config --list').");
            }

            if (parse.GetValue(unset))
            {
                if (newValue is not null)
                {
                    throw AriadneException.InvalidArgument($"--unset takes no value: 'ariadne config --unset {name}'.");
                }

                settings.Unset(name, isLocal);
                context.Console.WriteLine($"Unset {name} in {(isLocal ? "config.local.yaml" : "config.yaml")}.");
                return ExitCodes.Success;
            }

            if (newValue is not null)
            {
                settings.Set(name, newValue, isLocal);
                context.Console.WriteLine($"{name} = {newValue} (in {(isLocal ? "config.local.yaml" : "config.yaml")})");
                return ExitCodes.Success;
            }

            var current = settings.Get(name);
            if (current is null)
            {
                context.Error.WriteLine($"{name} is not set.");
                return ExitCodes.Incomplete;
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => w.WriteStringValue(current));
            }
            else
            {
                context.Console.Profile.Out.Writer.WriteLine(current);
            }

            return ExitCodes.Success;
        });
        return command;

        int Print(IReadOnlyList<ConfigSetting> settings, bool asJson)
        {
            if (asJson)
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    foreach (var s in settings)
                    {
                        w.WriteString(s.Key, IsSecret(s.Key) ? "***" : s.Value);
                    }

                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            foreach (var s in settings)
            {
                context.Console.Profile.Out.Writer.WriteLine($"{s.Key}={(IsSecret(s.Key) ? "***" : s.Value)}");
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>Credentials are never printed in a listing (asking for one key by name prints it).</summary>
    private static bool IsSecret(string key) =>
        key.StartsWith("remotes.", StringComparison.Ordinal) && key.Split('.')[^1] is var option
        && (option.Contains("secret", StringComparison.OrdinalIgnoreCase) || option.Contains("key", StringComparison.OrdinalIgnoreCase) || option.Contains("token", StringComparison.OrdinalIgnoreCase) || option.Contains("password", StringComparison.OrdinalIgnoreCase));
}
