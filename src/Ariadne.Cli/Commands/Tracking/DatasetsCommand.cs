using System.CommandLine;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands.Tracking;

internal static class DatasetsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("datasets", "Name versions of tracked data and see which runs read them.");
        command.Subcommands.Add(Tag(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        return command;
    }

    private static (string Name, string Version) ParseNameVersion(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            throw AriadneException.InvalidArgument($"'{text}' is not <name>@<version>, e.g. penguins@v1.");
        }

        return (text[..at], text[(at + 1)..]);
    }

    private static Command Tag(CliContext context)
    {
        var pointer = new Argument<string>("pointer-file") { Description = "A pointer file (data.ari) or the tracked path (data)" };
        var nameVersion = new Argument<string>("name@version");
        var command = new Command("tag", "Register a tracked file or folder as a named dataset version (hash, size, files, pointer, git commit).") { pointer, nameVersion };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            var (name, version) = ParseNameVersion(parse.GetValue(nameVersion)!);
            var given = context.FullPath(parse.GetValue(pointer)!);
            var pointerFile = given.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? given : DataWorkspace.PointerPathFor(Path.TrimEndingDirectorySeparator(given));
            if (!File.Exists(pointerFile))
            {
                throw AriadneException.InvalidArgument($"'{parse.GetValue(pointer)}' is not tracked: there is no pointer file '{pointerFile}'. Track it with 'ariadne add' first.");
            }

            var output = workspace.ReadOutput(pointerFile);
            var relativePointer = workspace.Relative(pointerFile);
            var commit = workspace.GitRoot is null ? null : new GitRepository(workspace.Root).CommitHolding(relativePointer);
            await using var tracking = context.OpenTracking();
            var entry = new DatasetVersion(name, version, output.Pointer.Hash.Hex, output.Pointer.Size, output.Pointer.Files, relativePointer, commit, context.Time.GetUtcNow().ToUnixTimeMilliseconds());
            await tracking.Store.RegisterDatasetVersionAsync(entry, ct).ConfigureAwait(false);
            context.Console.WriteLine($"{name}@{version} = {relativePointer} (blake3 {output.Pointer.Hash.Short}…, {output.Pointer.Files} file(s), {Format.Bytes(output.Pointer.Size)}){(commit is null ? "" : $", git {commit[..10]}")}");
            if (commit is null && workspace.GitRoot is not null)
            {
                context.Error.WriteLine($"Note: {relativePointer} is not committed as it is now, so no git commit was recorded. Commit it and tag again to record one.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("list", "List dataset versions and how many runs read each.") { name, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var registry = tracking.Store;
            var versions = await registry.ListDatasetVersionsAsync(parse.GetValue(name), ct).ConfigureAwait(false);
            var uses = new List<IReadOnlyList<DatasetUse>>();
            foreach (var v in versions)
            {
                uses.Add(await registry.ListDatasetUsesAsync(v.Hash, ct).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var (v, u) in versions.Zip(uses))
                    {
                        WriteVersion(w, v, u);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("dataset", "blake3", "files", "size", "pointer", "git", "runs");
            foreach (var (v, u) in versions.Zip(uses))
            {
                table.AddRow(Markup.Escape($"{v.Name}@{v.Version}"), v.Hash[..12], v.Files.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Bytes(v.Size), Markup.Escape(v.PointerPath), v.GitCommit?[..10] ?? "", u.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var nameVersion = new Argument<string>("name@version");
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("show", "Show a dataset version and every run that read it, with its role.") { nameVersion, json };
        command.SetAction(async (parse, ct) =>
        {
            var (name, version) = ParseNameVersion(parse.GetValue(nameVersion)!);
            await using var tracking = context.OpenTracking();
            var registry = tracking.Store;
            var v = (await registry.ListDatasetVersionsAsync(name, ct).ConfigureAwait(false)).FirstOrDefault(d => d.Version == version)
                ?? throw AriadneException.InvalidArgument($"No dataset version {name}@{version}. List them with 'ariadne datasets list'.");
            var uses = await registry.ListDatasetUsesAsync(v.Hash, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => WriteVersion(w, v, uses));
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"{v.Name}@{v.Version}: {v.PointerPath}, blake3 {v.Hash}, {v.Files} file(s), {Format.Bytes(v.Size)}{(v.GitCommit is null ? "" : $", git {v.GitCommit}")}");
            if (uses.Count == 0)
            {
                context.Console.WriteLine("No run has read it yet.");
            }

            foreach (var use in uses)
            {
                context.Console.WriteLine($"  {use.Run.RunId[..8]} {use.Run.RunName} ({use.Role}) {use.Run.Status.ToString().ToUpperInvariant()} {Format.Time(use.Run.StartTime)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteVersion(System.Text.Json.Utf8JsonWriter w, DatasetVersion v, IReadOnlyList<DatasetUse> uses)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteString("version", v.Version);
        w.WriteString("blake3", v.Hash);
        w.WriteNumber("size", v.Size);
        w.WriteNumber("files", v.Files);
        w.WriteString("pointer", v.PointerPath);
        if (v.GitCommit is not null)
        {
            w.WriteString("git_commit", v.GitCommit);
        }

        w.WriteNumber("created_at", v.CreatedAt);
        w.WriteStartArray("runs");
        foreach (var use in uses)
        {
            w.WriteStartObject();
            w.WriteString("run_id", use.Run.RunId);
            w.WriteString("run_name", use.Run.RunName);
            w.WriteString("role", use.Role);
            w.WriteString("status", use.Run.Status.ToString().ToUpperInvariant());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
