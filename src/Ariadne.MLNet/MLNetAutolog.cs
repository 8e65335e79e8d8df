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
        var description = PipelineDescription.Of(_ml, estimator);
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

        await LogParamsOnceAsync(description, cancellationToken).ConfigureAwait(false);
        if (data is { } input && _loggedInputs.Add(input.Hash))
        {
            // A tracked file is recorded by its pointer (path and dataset name with the hash); another file by hash alone.
            await Run.LogInputAsync(input.Tracked ? source! : input.Hash, AutologKeys.TrainRole, cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var model = estimator.Fit(trainData);
        Run.LogMetric(AutologKeys.FitSeconds, clock.Elapsed.TotalSeconds);

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

        if (_options.LogModel)
        {
            await LogModelAsync(model, trainData.Schema, description, cancellationToken).ConfigureAwait(false);
        }

        return model;
    }

    private async Task LogParamsOnceAsync(SortedDictionary<string, string> description, CancellationToken cancellationToken)
    {
        if (_loggedParams is null)
        {
            await Run.LogParamsAsync(description.Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value)), cancellationToken).ConfigureAwait(false);
            _loggedParams = description;
            return;
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
    }

    private async Task LogModelAsync(ITransformer model, DataViewSchema inputSchema, SortedDictionary<string, string> description, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ariadne-mlnet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var root = _options.ModelArtifactPath.Trim('/');
            var modelFile = Path.Combine(folder, AutologKeys.ModelFile);
            ModelZip.Save(_ml, model, inputSchema, modelFile);
            await Run.LogArtifactAsync(modelFile, $"{root}/{AutologKeys.ModelFile}", cancellationToken).ConfigureAwait(false);
            await Run.LogTextAsync(ModelSchema.ToJson(model, inputSchema, description), $"{root}/{AutologKeys.SchemaFile}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
