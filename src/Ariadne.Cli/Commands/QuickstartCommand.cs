using System.CommandLine;
using System.Diagnostics;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne quickstart [DIR]</c>: a small real example end to end. Creates a git repository with the Palmer penguins
/// data, tracks it, pushes it to a folder remote, and shows that a lost copy comes back verified.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("dir") { Description = "Folder to create the example in (default: ./ariadne-quickstart)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("quickstart", "Create a small example project with real data, track it and push it to a folder remote.") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = context.FullPath(parse.GetValue(folder) ?? "ariadne-quickstart");
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !Directory.Exists(Path.Combine(root, DataWorkspace.FolderName)))
            {
                throw AriadneException.InvalidArgument($"'{root}' exists and is not empty. Pick a new folder: 'ariadne quickstart <dir>'.");
            }

            Directory.CreateDirectory(Path.Combine(root, "data"));
            var git = Git(root, "init -q");
            var (workspace, _) = DataWorkspace.Init(root, context.Time);
            var dataFile = Path.Combine(root, "data", "penguins.json");
            if (!File.Exists(dataFile) && !File.Exists(dataFile + PointerFile.Extension))
            {
                await using var resource = typeof(QuickstartCommand).Assembly.GetManifestResourceStream("penguins.json")
                    ?? throw new InvalidOperationException("The penguins example data is missing from this build of ariadne.");
                await using var output = File.Create(dataFile);
                await resource.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            context.Console.MarkupLineInterpolated($"[bold]1.[/] Workspace at {root}{(git ? " (a new git repository)" : " (git not found: continuing without it)")}");
            var added = new DataTracker(workspace).Add([Path.Combine(root, "data")]);
            context.Console.WriteLine($"2. Tracked data/ ({added[0].Files} file, {Format.Bytes(added[0].Size)}), blake3 {added[0].Hash.Short}…, pointer data.ari for git");
            File.AppendAllText(Path.Combine(root, ".gitignore"), "/remote/\n");
            if (git)
            {
                Git(root, "add data.ari .gitignore .ariadne/config.yaml .ariadne/.gitignore");
                Git(root, "-c user.name=ariadne -c user.email=quickstart@ariadne.invalid commit -q -m \"Track the penguins data with Ariadne\"");
            }

            workspace.Config.SetRemote("storage", "remote", new Dictionary<string, string>());
            workspace.Config.DefaultRemote = "storage";
            workspace.SaveConfig();
            if (git)
            {
                Git(root, "add .ariadne/config.yaml");
                Git(root, "-c user.name=ariadne -c user.email=quickstart@ariadne.invalid commit -q -m \"Add a folder remote\"");
            }

            var pushed = await new DataTransfer(workspace).PushAsync(null, [], cancellationToken).ConfigureAwait(false);
            context.Console.WriteLine($"3. Pushed {pushed.Transferred} object(s) to the folder remote 'storage' ({Path.Combine(root, "remote")})");

            // Lose the data and the cache, as on a fresh clone, and get both back from the remote.
            Directory.Delete(Path.Combine(root, "data"), recursive: true);
            workspace.Cache.Remove(workspace.Cache.EnumerateObjects().ToList());

            var pulled = await new DataTransfer(workspace).PullAsync(null, [], force: false, cancellationToken).ConfigureAwait(false);
            var status = new WorkspaceStatus(workspace).Check();
            var verified = new Verification(workspace).VerifyCache();
            context.Console.WriteLine($"4. Deleted data/ and the cache, pulled {pulled.Transferred} object(s) back, each verified by hash");
            context.Console.WriteLine($"5. Status: {(status.All(s => s.IsClean) ? "data/ matches its pointer" : "MISMATCH")}; cache: {verified.Checked} object(s), {verified.Corrupt.Count} corrupt");
            context.Console.WriteLine($"Next: cd {Format.Shell(root)} && ariadne status");
            return status.All(s => s.IsClean) && verified.Healthy && pulled.Complete ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static bool Git(string folder, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
