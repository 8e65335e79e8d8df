using System.Globalization;
using Ariadne.ModelCards;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// A workspace with real runs made through the SDK and the CLI (params, metric histories, a 100,000-point history,
/// nested runs, tags, inputs of a tagged dataset version, artifacts of every previewed kind, a run of a command with
/// its log), a registered model (two versions from one run, version 2 <c>champion</c> with a stored card that holds a
/// hostile section), an experiment of 10,000 generated runs, a tracking server over it, and Debian's Chromium driven by
/// Playwright. Shared by the browser tests; screenshots go to artifacts/test-results/ui-screenshots.
/// </summary>
public sealed class UiServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/lib/chromium/chromium";
    public const int PenguinRuns = 24;
    public const int GeneratedRuns = 10_000;
    public const int LongHistory = 100_000;

    private readonly TestWorkspace _workspace = new();
    private TrackingClient? _tracking;
    private TrackingServer? _server;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => _server!.Address;

    public string PenguinsExperimentId { get; private set; } = "";

    public string GeneratedExperimentId { get; private set; } = "";

    public string ParentRunId { get; private set; } = "";

    public string LongRunId { get; private set; } = "";

    public string ArtifactRunId { get; private set; } = "";

    public string CommandRunId { get; private set; } = "";

    public string SystemRunId { get; private set; } = "";

    public string DatasetHash { get; private set; } = "";

    /// <summary>A sweep made by 'ariadne sweep' (4 trials over lr, ranked by validation.log_loss, lower is better), in the experiment 'sweeps'.</summary>
    public string SweepRunId { get; private set; } = "";

    /// <summary>The untagged content the sweep's trials read (the pipeline's train.sh), by its pointer path.</summary>
    public const string UntaggedPath = "train.sh";

    /// <summary>A section a careless user "wrote" into version 2's card: a script tag, an inline handler, javascript: links, an iframe, and one real link.</summary>
    public const string HostileCardSection = """

        ## Notes from a careless user

        <script>window.__pwned = 'script'; alert('script')</script>
        <img src="x" onerror="window.__pwned = 'onerror'; alert('onerror')">
        [a harmless-looking link](javascript:window.__pwned='link';alert('link'))
        <a href="javascript:window.__pwned='anchor'">anchor</a>
        <iframe src="javascript:alert('iframe')"></iframe>

        A [real link](https://example.org/penguins) stays.

        """;

    /// <summary>The BLAKE3 hash of <c>confusion.png</c>, the file of model <c>penguins</c> version 2.</summary>
    public string ModelFileHash { get; private set; } = "";

    /// <summary>Generated runs nest in tens: run 10k+1 to 10k+9 are children of run 10k.</summary>
    public const int GeneratedFamily = 10;

    /// <summary>The seeded penguin runs: name, params and final accuracy, to compute what a filter must show.</summary>
    public List<(string RunId, string Name, double Lr, int Depth, string Optimizer, double Accuracy)> Penguins { get; } = [];

    public byte[] CsvBytes { get; } = "species,bill_length_mm,island\nAdelie,39.1,Torgersen\nGentoo,46.1,Biscoe\n\"Chinstrap, pale\",49.3,Dream\n"u8.ToArray();

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(RepositoryRoot(), "artifacts", "test-results", "ui-screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: install Debian's 'chromium' package (./run-tests does).");
        }

        await SeedAsync();
        var workspace = _workspace.Open();
        _server = await TrackingServer.StartAsync(new TrackingServerOptions
        {
            Store = _tracking!.Store,
            Artifacts = ObjectStoreRegistry.Open(new RemoteSettings("artifacts", workspace.Cache.ObjectsFolder, new Dictionary<string, string>())),
            Port = 0,
        });
        // CI machines are small and busy: give pages and assertions time rather than fail on a slow moment.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page of the given size with errors of the page's scripts collected (tests assert there are none).</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(int width = 1400, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error.Replace("\n", " | ", StringComparison.Ordinal));
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return (page, errors);
    }

    public string Url(string fragment) => new Uri(Address, "/#" + fragment).ToString();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_tracking is not null)
        {
            await _tracking.DisposeAsync();
        }

        _workspace.Dispose();
    }

    /// <summary>Model <c>penguins</c>: version 1 (alice) from the artifact run's <c>data</c>, version 2 (bob, <c>champion</c>) from its <c>plots</c>, with a stored card that holds <see cref="HostileCardSection"/>.</summary>
    private async Task RegisterModelAsync()
    {
        var store = _tracking!.Store;
        await store.CreateRegisteredModelAsync("penguins", "Tells penguin species apart.", null, CancellationToken.None);
        await ModelRegistration.FromRunAsync(store, store, "penguins", ArtifactRunId, "data", null, "first", "alice", CancellationToken.None);
        var v2 = await ModelRegistration.FromRunAsync(store, store, "penguins", ArtifactRunId, "plots", "champion", "second", "bob", CancellationToken.None);
        ModelFileHash = v2.Files.Single(f => f.Path == "confusion.png").Hash;
        var workspace = _workspace.Open();
        var (text, _) = await ModelCardStore.WriteAsync(store, workspace, "penguins", 2, null, CancellationToken.None);
        var edited = text.Replace("## Limitations", HostileCardSection + "## Limitations", StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        await ModelCardStore.WriteAsync(store, workspace, "penguins", 2, edited, CancellationToken.None);
    }

    private async Task SeedAsync()
    {
        // A tracked data file, named as a dataset version.
        _workspace.Write("data/penguins.csv", "species,bill\nAdelie,39.1\nGentoo,46.1\n");
        _workspace.CliOk("add", "data/penguins.csv");
        _workspace.CliOk("datasets", "tag", "data/penguins.csv.ari", "penguins@v1");

        _tracking = TrackingClient.Open(folder: _workspace.Root);
        _tracking.SystemMetricsInterval = null; // the seeded runs hold exactly what they log (one run below is sampled on purpose)
        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        await using (var parent = await _tracking.StartRunAsync("penguins", "sweep"))
        {
            ParentRunId = parent.RunId;
            await parent.SetTagAsync("kind", "sweep");
            for (var i = 0; i < PenguinRuns; i++)
            {
                var lr = new[] { 0.001, 0.01, 0.1 }[i % 3];
                var depth = 2 + (i % 4);
                var optimizer = i % 2 == 0 ? "adam" : "sgd";
                await using var run = await _tracking.StartRunAsync("penguins", $"trial-{i:D2}", i < 2 ? parent : null);
                await run.LogParamAsync("lr", lr.ToString(CultureInfo.InvariantCulture));
                await run.LogParamAsync("depth", depth);
                await run.LogParamAsync("optimizer", optimizer);
                await run.LogInputAsync(_workspace.Path("data/penguins.csv.ari"), i % 5 == 0 ? "test" : "train");
                for (var step = 0; step < 200; step++)
                {
                    var acc = Math.Min(0.99, (0.5 + (0.45 * (1 - Math.Exp(-step * lr * (depth + 1) / 2)))) + ((random.NextDouble() - 0.5) * 0.02));
                    run.LogMetric("acc", acc, step, start.AddSeconds((i * 300) + step));
                    run.LogMetric("loss", 1 - acc + (random.NextDouble() * 0.01), step, start.AddSeconds((i * 300) + step));
                    if (step == 0)
                    {
                        run.LogMetric("classes", 3, 0, start.AddSeconds(i * 300)); // one point, the same in every trial
                    }

                    if (step == 199)
                    {
                        Penguins.Add((run.RunId, $"trial-{i:D2}", lr, depth, optimizer, acc));
                    }
                }

                if (i == 0)
                {
                    ArtifactRunId = run.RunId;
                    var folder = _workspace.Outside("artifacts");
                    Directory.CreateDirectory(folder);
                    await File.WriteAllBytesAsync(Path.Combine(folder, "sample.csv"), CsvBytes);
                    await File.WriteAllBytesAsync(Path.Combine(folder, "confusion.png"), Png(64, 48));
                    await run.LogArtifactAsync(Path.Combine(folder, "sample.csv"), "data/sample.csv");
                    await run.LogArtifactAsync(Path.Combine(folder, "confusion.png"), "plots/confusion.png");
                    await run.LogTextAsync("{\"accuracy\": 0.97, \"classes\": [\"Adelie\", \"Gentoo\"]}", "metrics.json");
                    await run.LogTextAsync("Model card\n==========\nTrained on penguins@v1.\n", "README.txt");
                    await run.LogImageAsync(Png(32, 24), "samples/first");
                    await run.LogTableAsync("per-class", ["class", "precision"], [["Adelie", 0.97], ["Gentoo", 0.99]]);
                    await run.LogTextAsync("{\"rows\": 2, \"columns\": [{\"name\": \"bill\", \"mean\": 42.6}]}", "profiles/penguins.profile.json");

                    // A split logged the way older runs did: its sealed part as a plain artifact, named sealed by split.json.
                    await run.LogTextAsync("id,species\n7,Gentoo\n", "outs/split/test.csv");
                    await run.LogTextAsync("""{"format": 1, "parts": [{"name": "test", "file": "test.csv", "rows": 1, "blake3": "0000000000000000000000000000000000000000000000000000000000000000", "sealed": true, "budget": 1}]}""", "outs/split/split.json");
                }

                await run.EndAsync(i == 5 ? RunStatus.Failed : RunStatus.Finished);
            }

            await parent.EndAsync();
        }

        PenguinsExperimentId = (await _tracking.Store.GetExperimentByNameAsync("penguins", CancellationToken.None))!.ExperimentId;
        DatasetHash = (await _tracking.Store.GetRunAsync(Penguins[0].RunId, CancellationToken.None)).Inputs[0].DatasetHash;

        // One long history, as a chart of a long training would have.
        await using (var run = await _tracking.StartRunAsync("long", "long-training"))
        {
            LongRunId = run.RunId;
            for (var step = 0; step < LongHistory; step++)
            {
                run.LogMetric("loss", (2.0 / (1 + (step / 1000.0))) + (0.05 * Math.Sin(step / 50.0)), step);
            }

            await run.EndAsync();
        }

        // A run sampled by the system metrics sampler, every 0.2 s while it computes for 1.5 s.
        _tracking.SystemMetricsInterval = TimeSpan.FromMilliseconds(200);
        await using (var run = await _tracking.StartRunAsync("system", "sampled"))
        {
            SystemRunId = run.RunId;
            run.LogMetric("loss", 0.5, 0);
            var busy = System.Diagnostics.Stopwatch.StartNew();
            while (busy.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                // computing
            }

            await run.EndAsync();
        }

        _tracking.SystemMetricsInterval = null;

        // A command run by 'ariadne run', with its output kept as the log.
        _workspace.CliOk("run", "--experiment", "commands", "--name", "echo", "--", "sh", "-c", "echo hello from the command; echo done");
        CommandRunId = (await _tracking.Store.SearchRunsAsync(
            new RunSearch([(await _tracking.Store.GetExperimentByNameAsync("commands", CancellationToken.None))!.ExperimentId]), CancellationToken.None)).Runs[0].Info.RunId;

        // A three-stage pipeline run twice: all stages, then only 'evaluate' after its own input changed.
        _workspace.Write("raw.txt", "hello\n");
        _workspace.Write("threshold.txt", "0.5\n");
        _workspace.Write("params.yaml", "lr: 0.1\n");
        _workspace.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: tr a-z A-Z < raw.txt > clean.txt
                deps: [raw.txt]
                outs: [clean.txt]
              train:
                cmd: cat clean.txt params.yaml > model.txt
                deps: [clean.txt]
                params: [lr]
                outs: [model.txt]
              evaluate:
                cmd: cat model.txt threshold.txt clean.txt > report.txt
                deps: [model.txt, threshold.txt, clean.txt]
                outs: [report.txt]
            """);
        _workspace.CliOk("repro");
        _workspace.Write("threshold.txt", "0.7\n");
        _workspace.CliOk("repro");

        // A grid sweep over lr, ranked by a loss (lower is better), in its own experiment: trial -> pipeline run -> stage runs.
        _workspace.Write("train.sh", """
            lr=$(grep '^lr' params.yaml | cut -d' ' -f2)
            awk -v lr="$lr" 'BEGIN { printf "{\"validation\": {\"log_loss\": %.5f, \"acc\": %.5f}}\n", 0.3 + lr * 0.4, 0.95 - lr * 0.2 }' > metrics.json
            """);
        _workspace.Write("ariadne.yaml", """
            stages:
              prepare:
                cmd: tr a-z A-Z < raw.txt > clean.txt
                deps: [raw.txt]
                outs: [clean.txt]
              train:
                cmd: sh train.sh
                deps: [clean.txt, train.sh]
                params: [lr]
                metrics: [metrics.json]
            """);
        _workspace.Commit("sweep pipeline");
        _workspace.CliOk("sweep", "-S", "lr=0.001,0.01,0.1,1", "--metric", "validation.log_loss", "--minimize", "-e", "sweeps");
        var sweeps = (await _tracking.Store.GetExperimentByNameAsync("sweeps", CancellationToken.None))!.ExperimentId;
        SweepRunId = (await _tracking.Store.SearchRunsAsync(new RunSearch([sweeps], "tags.`ariadne.sweep` = 'true'"), CancellationToken.None)).Runs.Single().Info.RunId;

        await RegisterModelAsync();
        GeneratedExperimentId = await _tracking.Store.CreateExperimentAsync("generated-10k", null, CancellationToken.None);
        Generate(_workspace.Open().DatabaseFile, long.Parse(GeneratedExperimentId, CultureInfo.InvariantCulture), GeneratedRuns);
    }

    /// <summary>10,000 runs with 2 params and 1 metric each, nested in families of ten, written straight into the store's tables in one transaction.</summary>
    private static void Generate(string databaseFile, long experimentId, int count)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
            INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
            SELECT printf('%032x', 1000000 + i), @experiment, printf('gen-%05d', i), 'FINISHED', 1700000000000 + i * 1000, 1700000000000 + i * 1000 + 60000, 'active',
                   CASE WHEN i % @family = 0 THEN NULL ELSE printf('%032x', 1000000 + i - i % @family) END, 'generator', ''
            FROM n;
            INSERT INTO params (run_id, key, value) SELECT run_id, 'seed', CAST(CAST(substr(name, 5) AS INTEGER) AS TEXT) FROM runs WHERE experiment_id = @experiment;
            INSERT INTO params (run_id, key, value) SELECT run_id, 'batch', CAST(16 << (CAST(substr(name, 5) AS INTEGER) % 4) AS TEXT) FROM runs WHERE experiment_id = @experiment;
            INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan)
            SELECT run_id, 'score', 0, start_time, (CAST(substr(name, 5) AS INTEGER) * 7919 % 10000) / 10000.0, 0 FROM runs WHERE experiment_id = @experiment;
            """;
        command.Parameters.AddWithValue("@count", count);
        command.Parameters.AddWithValue("@experiment", experimentId);
        command.Parameters.AddWithValue("@family", GeneratedFamily);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>A small RGB gradient as a PNG, encoded by SkiaSharp (the graphics library behind the drift plots).</summary>
    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), 160));
            }
        }

        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ariadne.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No Ariadne.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiServerFixture>
{
    public const string Name = "Web UI in Chromium";
}
