using System.Diagnostics;
using System.Runtime.CompilerServices;
using Ariadne.Content;
using Ariadne.Tracking;
using Ariadne.Workspace;
using Microsoft.ML;

namespace Ariadne.MLNet;

/// <summary>
/// ML.NET training that records itself on an Ariadne run, made by <c>mlContext.Autolog(run)</c>. Use it where you
/// would use the context:
/// <code>
/// var autolog = ml.Autolog(run);
/// var train = autolog.LoadFromTextFile&lt;Row&gt;("data/train.csv", ',', hasHeader: true); // remembers the file
/// var model = await autolog.FitAsync(pipeline, train);      // pipeline, options, seed, schema, data hash, model.zip
/// autolog.MulticlassClassification.Evaluate(model.Transform(validation), prefix: "validation");
/// </code>
/// One run records one model: a second <see cref="FitAsync{TTransformer}"/> must describe the same pipeline (params
/// are immutable), and its model replaces the first. Fit other models in their own runs.
/// </summary>
public sealed class MLNetAutolog
{
    private readonly MLContext _ml;
    private readonly MLNetAutologOptions _options;
    private readonly ConditionalWeakTable<IDataView, string> _sources = new();
    private readonly HashSet<string> _loggedInputs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, DateTime Modified), (string Hash, bool Tracked)> _hashes = [];
    private SortedDictionary<string, string>? _loggedParams;
    private (ITransformer Model, DataViewSchema Schema, byte[] Zip)? _lastModel;

    internal MLNetAutolog(MLContext ml, ActiveRun run, MLNetAutologOptions options)
    {
        _ml = ml;
        _options = options;
        Run = run;
        BinaryClassification = new AutologBinaryClassification(ml, run);
        MulticlassClassification = new AutologMulticlassClassification(ml, run);
        Regression = new AutologRegression(ml, run);
        Ranking = new AutologRanking(ml, run);
        Clustering = new AutologClustering(ml, run);
    }

    /// <summary>The run everything is recorded on.</summary>
    public ActiveRun Run { get; }

    /// <summary>Binary classification evaluation that logs its metrics.</summary>
    public AutologBinaryClassification BinaryClassification { get; }

    /// <summary>Multiclass classification evaluation that logs its metrics.</summary>
    public AutologMulticlassClassification MulticlassClassification { get; }

    /// <summary>Regression evaluation that logs its metrics.</summary>
    public AutologRegression Regression { get; }

    /// <summary>Ranking evaluation that logs its metrics.</summary>
    public AutologRanking Ranking { get; }

    /// <summary>Clustering evaluation that logs its metrics.</summary>
    public AutologClustering Clustering { get; }

    /// <summary>ML.NET's <c>LoadFromTextFile&lt;T&gt;</c>, remembering the file so that a fit on the view records its hash.</summary>
    public IDataView LoadFromTextFile<TInput>(string path, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false, bool allowSparse = false) =>
        FromFile(_ml.Data.LoadFromTextFile<TInput>(path, separatorChar, hasHeader, allowQuoting, trimWhitespace, allowSparse), path);

    /// <summary>
    /// Says that <paramref name="data"/> was read from the file <paramref name="path"/> (for views loaded another way):
    /// a fit on it records the file as the run's <c>train</c> input, by the hash of its pointer file when the file is
    /// tracked with <c>ariadne add</c>, else by the BLAKE3 hash of its bytes.
    /// </summary>
    /// <returns><paramref name="data"/>, for chaining.</returns>
    public IDataView FromFile(IDataView data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(path);
        }

        _sources.AddOrUpdate(data, Path.GetFullPath(path));
        return data;
    }

    /// <summary>
    /// Fits <paramref name="estimator"/> on <paramref name="trainData"/> and records: the chain and every trainer
    /// option as <c>mlnet.*</c> params, the MLContext's seed, the training schema, the training file and its hash (when
    /// the view came from <see cref="LoadFromTextFile{TInput}"/> or <see cref="FromFile"/>), the fit's duration, and
    /// (unless turned off) the model as <c>model/model.zip</c> with <c>model/schema.json</c>.
    /// </summary>
    /// <exception cref="AriadneException">The run already recorded a different pipeline.</exception>
    public async Task<TTransformer> FitAsync<TTransformer>(IEstimator<TTransformer> estimator, IDataView trainData, CancellationToken cancellationToken = default)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(trainData);
        var description = PipelineDescription.Of(_ml, estimator, out var fillsInAtFit);
        description[AutologKeys.TrainSchema] = Truncate(ModelSchema.Summary(trainData.Schema));
        description[AutologKeys.TrainColumns] = trainData.Schema.Count(c => !c.IsHidden).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var source = _sources.TryGetValue(trainData, out var file) ? file : null;
        (string Hash, bool Tracked)? data = null;
        if (source is not null)
        {
            data = HashOf(source);
            description[AutologKeys.TrainSource] = DisplayPath(source);
            description[AutologKeys.TrainHash] = data.Value.Hash;
        }

        // The params and the input go to the store while the model trains (one batch, off this thread); the fit
        // waits for nothing, and FitAsync returns only when everything is recorded.
        var first = CheckSamePipeline(description);
        var input = data is { } d && _loggedInputs.Add(d.Hash) ? d : ((string Hash, bool Tracked)?)null;
        var recording = first || input is not null
            ? Task.Run(() => RecordPipelineAsync(first ? description : null, input, source, cancellationToken), cancellationToken)
            : Task.CompletedTask;
        TTransformer model;
        try
        {
            var clock = Stopwatch.StartNew();
            model = estimator.Fit(trainData);
            Run.LogMetric(AutologKeys.FitSeconds, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            // A fit that throws still leaves the pipeline recorded (and a store error is not hidden by it).
            await recording.ConfigureAwait(false);
        }

        if (fillsInAtFit)
        {
            // Settings a trainer fills in only when it trains (LightGBM's booster and its defaults) are recorded now.
            var filledIn = PipelineDescription.Of(_ml, estimator).Where(kv => !_loggedParams!.ContainsKey(kv.Key)).ToList();
            if (filledIn.Count > 0)
            {
                await Run.LogParamsAsync(filledIn.Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value)), cancellationToken).ConfigureAwait(false);
                foreach (var (key, value) in filledIn)
                {
                    _loggedParams![key] = value;
                    description[key] = value;
                }
            }
        }

        if (_options.LogModel)
        {
            await LogModelAsync(model, trainData.Schema, description, cancellationToken).ConfigureAwait(false);
        }

        return model;
    }

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="path"/> as ML.NET's zip with fixed entry dates, the bytes
    /// autologging stores as <c>model/model.zip</c>: the same model always gives the same file, so a pipeline output
    /// saved this way is recognised as the autologged model (and its <c>schema.json</c>) by the model registry. The
    /// model <see cref="FitAsync{TTransformer}"/> just logged is written from the bytes it stored, without saving it again.
    /// </summary>
    public void SaveModel(ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var zip = _lastModel is { } last && ReferenceEquals(last.Model, model) && ReferenceEquals(last.Schema, inputSchema)
            ? last.Zip
            : ModelZip.Save(_ml, model, inputSchema);
        File.WriteAllBytes(path, zip);
    }

    /// <summary>
    /// True for the run's first pipeline (to be logged); for a later fit, checks that it describes the same pipeline
    /// (params are immutable) and returns false.
    /// </summary>
    private bool CheckSamePipeline(SortedDictionary<string, string> description)
    {
        if (_loggedParams is null)
        {
            _loggedParams = new SortedDictionary<string, string>(description, StringComparer.Ordinal);
            return true;
        }

        var changed = description.Where(kv => _loggedParams.TryGetValue(kv.Key, out var before) && before != kv.Value).Select(kv => kv.Key).ToList();
        if (changed.Count > 0)
        {
            var first = changed[0];
            throw AriadneException.InvalidArgument(
                $"Run {Run.RunId} already recorded the pipeline of an earlier FitAsync, and this one differs in {changed.Count} param(s), first '{first}' " +
                $"('{_loggedParams.GetValueOrDefault(first, "(absent)")}' then '{description[first]}'). Params are immutable: fit each model in its own run " +
                "(a child run for each trial), or fit exploratory models with estimator.Fit and only the final one with autolog.");
        }

        return false;
    }

    private async Task RecordPipelineAsync(SortedDictionary<string, string>? parameters, (string Hash, bool Tracked)? input, string? source, CancellationToken cancellationToken)
    {
        if (parameters is not null)
        {
            // Every param in one write (one transaction, or one request to a tracking server).
            await Run.LogParamsAsync(parameters.Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value)), cancellationToken).ConfigureAwait(false);
        }

        if (input is { } i)
        {
            // A tracked file is recorded by its pointer (path and dataset name with the hash); another file by hash alone.
            await Run.LogInputAsync(i.Tracked ? source! : i.Hash, AutologKeys.TrainRole, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LogModelAsync(ITransformer model, DataViewSchema inputSchema, SortedDictionary<string, string> description, CancellationToken cancellationToken)
    {
        // Saved once, in memory, with fixed entry dates; stored in the cache straight from memory (hashed once) with
        // its schema, and both recorded in one write.
        var root = _options.ModelArtifactPath.Trim('/');
        var zip = ModelZip.Save(_ml, model, inputSchema);
        _lastModel = (model, inputSchema, zip);
        var schema = System.Text.Encoding.UTF8.GetBytes(ModelSchema.ToJson(model, inputSchema, description));
        await StoreModelAsync(Run, root, zip, schema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the model's zip and schema in the run's cache straight from memory (each hashed once) and records both in one write.</summary>
    internal static async Task StoreModelAsync(ActiveRun run, string root, byte[] zip, byte[] schema, CancellationToken cancellationToken)
    {
        var cache = run.ArtifactCacheOrNull ?? throw AriadneException.InvalidArgument(
            "ML.NET autologging stores the fitted model as an artifact, and this run has no workspace cache to keep it in. " +
            "Run 'ariadne init' in the project folder, or pass new MLNetAutologOptions { LogModel = false }.");
        RunArtifact[] artifacts =
        [
            new($"{root}/{AutologKeys.ModelFile}", cache.StoreBytes(zip).Hex, zip.Length),
            new($"{root}/{AutologKeys.SchemaFile}", cache.StoreBytes(schema).Hex, schema.Length),
        ];
        await run.Store.LogArtifactsAsync(run.RunId, artifacts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The file's BLAKE3 hash (once per file and modification time), and whether it is tracked with <c>ariadne add</c>
    /// with a pointer file that still matches it.
    /// </summary>
    private (string Hash, bool Tracked) HashOf(string path)
    {
        var stamp = (path, File.GetLastWriteTimeUtc(path));
        if (!_hashes.TryGetValue(stamp, out var known))
        {
            var hash = ContentHasher.HashFile(path);
            var pointer = DataWorkspace.PointerPathFor(path);
            known = (hash.Hex, File.Exists(pointer) && PointerFile.Read(pointer).Hash == hash);
            _hashes[stamp] = known;
        }

        return known;
    }

    private static string DisplayPath(string full)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? full : relative).Replace('\\', '/');
    }

    private static string Truncate(string value) =>
        value.Length <= TrackingLimits.MaxParamValueLength ? value : value[..(TrackingLimits.MaxParamValueLength - 1)] + "…";
}
