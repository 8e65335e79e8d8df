using System.CommandLine;
using System.Text.Json;
using Ariadne.Pipelines;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne quickstart [DIR]</c>: the penguins research example end to end. Creates a git repository with the
/// example's files (embedded in the tool), tracks the raw data with <c>ariadne add</c>, and runs the pipeline
/// (build the C# trainer, ingest, clean, validate, split, train with ML.NET, evaluate, test on the sealed set) as <c>ariadne repro</c> does, every stage
/// a tracked run. In a folder it made before, it keeps the files there and only runs what changed.
/// </summary>
internal static class QuickstartCommand
{
    private const string ResourcePrefix = "example/";

    /// <summary>Where the quickstart writes the champion's model card.</summary>
    public const string CardFile = "MODEL_CARD.md";
    private static readonly (string Name, string Email) Committer = ("ariadne", "quickstart@ariadne.invalid");

    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("dir") { Description = "Folder to create the example in (default: ./ariadne-quickstart)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("quickstart", "Create the penguins research example (data, pipeline, C# trainer) and run its pipeline with tracking.") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = context.FullPath(parse.GetValue(folder) ?? "ariadne-quickstart");
            var again = Directory.Exists(Path.Combine(root, DataWorkspace.FolderName));
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !again)
            {
                throw AriadneException.InvalidArgument($"'{root}' exists and is not empty. Pick a new folder: 'ariadne quickstart <dir>'.");
            }

            var sdk = QuickstartSdkPackage.Embedded();
            Directory.CreateDirectory(root);
            var repository = new GitRepository(root);
            var git = repository.TryInit();
            var (workspace, _) = DataWorkspace.Init(root, context.Time);
            var written = await WriteExampleAsync(root, sdk, cancellationToken).ConfigureAwait(false);
            await sdk.WriteAsync(root, cancellationToken).ConfigureAwait(false);
            var output = context.Console.Profile.Out.Writer;
            output.WriteLine(again
                ? $"1. Workspace at {root} (made before: kept its files, wrote {written} missing one(s))"
                : $"1. Workspace at {root}{(git ? " (a new git repository)" : " (git not found: continuing without it)")} with the penguins example; the trainer references the Ariadne SDK and its ML.NET autologging as packages Ariadne and Ariadne.MLNet {sdk.Version} in {QuickstartSdkPackage.FolderName}/");

            var added = new DataTracker(workspace).Add([Path.Combine(root, "data", "penguins.json")]);
            output.WriteLine($"2. Tracked data/penguins.json ({Format.Bytes(added[0].Size)}, blake3 {added[0].Hash.Short}…): pointer data/penguins.json.ari goes to git");
            await LockPackagesAsync(root, output, cancellationToken).ConfigureAwait(false);
            if (git)
            {
                repository.TryCommitAll("Penguins example: raw data pointer, pipeline, trainer, pinned SDK and packages", Committer);
            }

            output.WriteLine("3. ariadne repro: build the trainer, ingest, clean, validate, split, train, evaluate, test (the first build restores ML.NET: a minute or two)");
            var pipeline = PipelineFile.Load(workspace.Root);
            ReproResult result;
            await using (var tracking = Ariadne.Tracking.TrackingClient.Open(folder: root, time: context.Time))
            {
                var runner = new PipelineRunner(workspace, pipeline, output, tracking: tracking);
                result = await runner.RunAsync(new ReproOptions([]), cancellationToken).ConfigureAwait(false);
            }

            var ran = result.Stages.Where(s => s.Result is StageResult.Ran or StageResult.Restored).Select(s => s.Stage).ToList();
            output.WriteLine(ran.Count == 0
                ? "   Everything is up to date: nothing ran."
                : $"   Ran: {string.Join(", ", ran)}; up to date: {result.Stages.Count(s => s.Result == StageResult.UpToDate)}; failed: {result.Stages.Count(s => s.Result == StageResult.Failed)}.");
            if (!result.Succeeded)
            {
                foreach (var failed in result.Stages.Where(s => s.Result == StageResult.Failed))
                {
                    output.WriteLine($"   Stage '{failed.Stage}' failed: {failed.Error}");
                }

                output.WriteLine($"Fix it and run 'ariadne repro' in {Format.Shell(root)}.");
                return ExitCodes.Incomplete;
            }

            if (git && ran.Count > 0)
            {
                repository.TryCommitAll("Run the pipeline: ariadne.lock, metrics, plots", Committer);
            }

            output.WriteLine($"4. Validation accuracy {Accuracy(root)} (metrics.json); confusion matrix in plots/confusion.png; learning curve in plots/training.csv");
            var champion = await RegisterChampionAsync(root, workspace, context, cancellationToken).ConfigureAwait(false);
            if (git)
            {
                repository.TryCommitAll($"Model card of the champion: {CardFile}", Committer);
            }

            output.WriteLine($"5. Registered the trained model as {champion.Uri} with alias 'champion' (from the train stage's run {champion.RunId}); its model card (Hugging Face format) is {CardFile}");
            output.WriteLine($"Next: cd {Format.Shell(root)}");
            output.WriteLine("  ariadne runs list          # the 'repro' run and one child run per stage, with params, metrics, inputs");
            output.WriteLine("  ariadne ui                 # the same in a browser: charts of the per-iteration metrics, the pipeline graph, Models: the card");
            output.WriteLine($"  ariadne models show penguins; ariadne models card penguins@champion -o {CardFile}   # your edits outside the generated parts stay");
            output.WriteLine("  ariadne metrics show; ariadne dag");
            output.WriteLine("  edit params.yaml (train.l2), then 'ariadne repro': only train, evaluate and test run again");
            await PrintModelLineageAsync(root, output, context.Time, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Ends with the path back from the registered champion: <c>ariadne lineage models:/penguins@champion</c>.</summary>
    private static async Task PrintModelLineageAsync(string root, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        const string champion = "models:/penguins@champion";
        await using var tracking = Ariadne.Tracking.TrackingClient.Open(folder: root, time: time);
        var graph = await new Ariadne.Lineage.LineageWalker(tracking.Store, tracking.Workspace)
            .TraceAsync(champion, Path.Combine(root, champion), Ariadne.Lineage.LineageDirection.Upstream, cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine($"6. Where the model came from ('ariadne lineage {champion}'; --mermaid or --dot draw it, 'ariadne export {champion} --ro-crate crate.zip' packs it, 'ariadne reproduce {champion}' runs it again):");
        output.Write(Ariadne.Lineage.LineageText.Write(graph));
    }

    /// <summary>
    /// Registers the train stage's model (its output folder 'model', artifacts outs/model) as the next version of
    /// 'penguins' with the alias champion, unless the newest version already came from that run; writes its card to
    /// <see cref="CardFile"/>, keeping what the user wrote there.
    /// </summary>
    private static async Task<Ariadne.Registry.ModelVersion> RegisterChampionAsync(string root, DataWorkspace workspace, CliContext context, CancellationToken cancellationToken)
    {
        await using var tracking = Ariadne.Tracking.TrackingClient.Open(folder: root, time: context.Time);
        var store = tracking.Store;
        var experiments = (await store.ListExperimentsAsync(Ariadne.Tracking.ViewType.ActiveOnly, cancellationToken).ConfigureAwait(false)).Select(e => e.ExperimentId).ToList();
        var train = (await store.SearchRunsAsync(new Ariadne.Tracking.RunSearch(experiments, "tags.`ariadne.pipeline.stage` = 'train' and attributes.status = 'FINISHED'", ["attributes.start_time DESC"], 1), cancellationToken).ConfigureAwait(false)).Runs.FirstOrDefault()
            ?? throw new InvalidOperationException("The pipeline ran, but no finished run of the train stage is recorded.");
        Ariadne.Registry.ModelVersion version;
        var existing = (await store.SearchModelVersionsAsync(new Ariadne.Registry.ModelSearch($"name = 'penguins' AND run_id = '{train.Info.RunId}'"), cancellationToken).ConfigureAwait(false)).Versions;
        if (existing.Count > 0)
        {
            version = existing[0];
        }
        else
        {
            try
            {
                await store.GetRegisteredModelAsync("penguins", cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
            {
                await store.CreateRegisteredModelAsync("penguins", "Palmer penguins species (Adelie, Chinstrap, Gentoo) from bill, flipper and body measurements: multiclass logistic regression in ML.NET.",
                    new Dictionary<string, string> { [Ariadne.ModelCards.ModelCardSubject.LibraryTag] = "ml.net", [Ariadne.ModelCards.ModelCardSubject.TaskTag] = "tabular-classification" }, cancellationToken).ConfigureAwait(false);
            }

            version = await Ariadne.Registry.ModelRegistration.FromRunAsync(store, store, "penguins", train.Info.RunId, "outs/model", "champion",
                "Trained by 'ariadne quickstart'.", Environment.UserName, cancellationToken, workspace.Cache).ConfigureAwait(false);
        }

        if (!version.Aliases.Contains("champion"))
        {
            await store.SetModelAliasAsync("penguins", "champion", version.Version, cancellationToken).ConfigureAwait(false);
        }

        var file = Path.Combine(root, CardFile);
        var edited = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : null;
        var (text, _) = await Ariadne.ModelCards.ModelCardStore.WriteAsync(store, workspace, "penguins", version.Version, edited, cancellationToken).ConfigureAwait(false);
        AtomicFile.WriteAllText(file, text);
        return await store.GetModelVersionAsync("penguins", version.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the embedded example files that are not there yet; returns how many it wrote.</summary>
    private static async Task<int> WriteExampleAsync(string root, QuickstartSdkPackage sdk, CancellationToken cancellationToken)
    {
        var assembly = typeof(QuickstartCommand).Assembly;
        var written = 0;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = name[ResourcePrefix.Length..];
            var target = Path.Combine(root, relative);
            if (File.Exists(target) || File.Exists(target + PointerFile.Extension))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var resource = assembly.GetManifestResourceStream(name)!;
            if (relative is "Directory.Build.props" or "Directory.Packages.props" or "src/Penguins.csproj")
            {
                using var reader = new StreamReader(resource);
                var text = sdk.Adapt(relative, await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                await File.WriteAllTextAsync(target, text, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var file = File.Create(target);
                await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            written++;
        }

        if (written == 0 && !File.Exists(Path.Combine(root, "ariadne.yaml")))
        {
            throw new InvalidOperationException("The penguins example is missing from this build of ariadne.");
        }

        return written;
    }

    /// <summary>
    /// Restores the trainer once so NuGet writes src/packages.lock.json (committed with the project): from then on every
    /// build restores in locked mode, with exactly these package versions, and runs record the pins.
    /// </summary>
    private static async Task LockPackagesAsync(string root, TextWriter output, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(root, "src", "packages.lock.json")))
        {
            return;
        }

        output.WriteLine("   Pinning packages: dotnet restore writes src/packages.lock.json (SDK pinned in global.json)");
        var log = new System.Text.StringBuilder();
        var restore = new Processes.ProcessCommand("dotnet", ["restore", "src/Penguins.csproj", "-nologo", "-v", "quiet"])
        {
            WorkingDirectory = root,
            Environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            Output = Processes.ProcessOutput.Text(text => log.Append(text)),
            Error = Processes.ProcessOutput.Text(text => log.Append(text)),
        };
        var result = await restore.RunAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw AriadneException.InvalidArgument($"'dotnet restore src/Penguins.csproj' failed in {root} (exit {result.ExitCode}), so the trainer's packages could not be pinned:\n{log.ToString().Trim()}");
        }
    }

    private static string Accuracy(string root)
    {
        try
        {
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "metrics.json")));
            return metrics.RootElement.GetProperty("validation").GetProperty("accuracy").GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "(metrics.json unreadable)";
        }
    }
}
