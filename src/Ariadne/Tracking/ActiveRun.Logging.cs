using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Content;
using Ariadne.Tracking.Http;
using Ariadne.Workspace;

namespace Ariadne.Tracking;

// The conveniences on top of the primitives in ActiveRun.cs: dictionaries and config objects as params, several metrics
// at one step, images, figures and tables as artifacts (the layout images/, figures/, tables/ is in the README), the
// run's address.
public sealed partial class ActiveRun
{
    private long _runStep;

    /// <summary>
    /// The run's address in the web UI of the tracking server it writes to (<c>http://server/#/runs/&lt;id&gt;</c>); null
    /// for a local store, whose runs <c>ariadne ui</c> shows at <c>#/runs/&lt;id&gt;</c> of its own address.
    /// </summary>
    public Uri? Url => CheckedTrackingStore.Unwrap(_store) is HttpTrackingStore http ? new Uri(http.Server, "#/runs/" + Uri.EscapeDataString(RunId)) : null;

    /// <summary>
    /// Logs every entry of a dictionary as a param (any value type: <c>Dictionary&lt;string, double&gt;</c> too). Values
    /// that are dictionaries, records or plain objects are flattened to dotted keys; arrays are written as JSON.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple overloads with optional parameters", Justification = "The overloads take different kinds of first argument (pairs, a typed dictionary, a config object), so no call can bind to two of them.")]
    public Task LogParamsAsync<T>(IReadOnlyDictionary<string, T> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var (key, value) in parameters)
        {
            entries.AddRange(value is null ? [new(key, null!)] : ParamValues.Flatten(new Dictionary<string, object> { [key] = value }));
        }

        return LogParamsAsync(entries, cancellationToken);
    }

    /// <summary>
    /// Logs a config object (a record, a class, an anonymous object, or a non-generic <see cref="System.Collections.IDictionary"/>)
    /// as params with dotted keys: <c>new { model = new { layers = 3 }, lr = 0.1 }</c> gives <c>model.layers = 3</c> and
    /// <c>lr = 0.1</c>; arrays and other collections are one JSON value; a null member is the value <c>null</c>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple overloads with optional parameters", Justification = "The overloads take different kinds of first argument (pairs, a typed dictionary, a config object), so no call can bind to two of them.")]
    public Task LogParamsAsync(object config, CancellationToken cancellationToken = default) =>
        LogParamsAsync(ParamValues.Flatten(config), cancellationToken);

    /// <summary>
    /// Logs several metrics at one step. Without <paramref name="step"/> they take the run-wide step: one more than the
    /// last step given to this method (0 at first, or after the last recorded step for a resumed or attached run).
    /// </summary>
    public void LogMetrics(IReadOnlyDictionary<string, double> metrics, long? step = null, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ThrowIfEnded();
        long actualStep;
        lock (_stepGate)
        {
            actualStep = step ?? _runStep;
            _runStep = Math.Max(_runStep, actualStep + 1);
        }

        foreach (var (key, value) in metrics)
        {
            LogMetric(key, value, actualStep, timestamp);
        }
    }

    /// <summary>Logs a PNG image as the artifact <c>images/&lt;name&gt;.png</c>, which the web UI shows on the run's page.</summary>
    public Task LogImageAsync(byte[] png, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(png);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan().StartsWith(signature))
        {
            throw AriadneException.InvalidArgument($"The image '{name}' is not a PNG (its first bytes are not the PNG signature). Pass PNG bytes, e.g. from plot.GetImageBytes(width, height, ImageFormat.Png).");
        }

        return LogBytesAsync(png, MediaPath("images", name, ".png"), cancellationToken);
    }

    /// <summary>Renders a ScottPlot plot to PNG and logs it as the artifact <c>figures/&lt;name&gt;.png</c>.</summary>
    public Task LogFigureAsync(ScottPlot.Plot plot, string name, int width = 800, int height = 600, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (width <= 0 || height <= 0)
        {
            throw AriadneException.InvalidArgument($"The figure '{name}' is {width}x{height} pixels; give a width and height above 0.");
        }

        return LogBytesAsync(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png), MediaPath("figures", name, ".png"), cancellationToken);
    }

    /// <summary>
    /// Logs a table as the artifact <c>tables/&lt;name&gt;.csv</c> or <c>.json</c> (<paramref name="format"/>), which the
    /// web UI shows as a table. Every row has one value per column; numbers are written in the invariant culture.
    /// </summary>
    public Task LogTableAsync(string name, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows, TableFormat format = TableFormat.Csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Count != columns.Count)
            {
                throw AriadneException.InvalidArgument($"Row {i} of the table '{name}' has {all[i].Count} values for {columns.Count} columns. Give every row one value per column.");
            }
        }

        return format == TableFormat.Json
            ? LogBytesAsync(TableJson(columns, all), MediaPath("tables", name, ".json"), cancellationToken)
            : LogBytesAsync(Encoding.UTF8.GetBytes(TableCsv(columns, all)), MediaPath("tables", name, ".csv"), cancellationToken);
    }

    /// <summary>Removes a tag of the run; one that is not there is ResourceNotFound.</summary>
    public Task DeleteTagAsync(string key, CancellationToken cancellationToken = default)
    {
        TrackingLimits.CheckKey("tag", key);
        return _store.DeleteTagAsync(RunId, key, cancellationToken);
    }

    /// <summary>Continues the automatic steps after the steps already recorded (a resumed or attached run).</summary>
    internal void ContinueStepsAfter(IReadOnlyList<Metric> latest)
    {
        lock (_stepGate)
        {
            foreach (var metric in latest)
            {
                _nextStep[metric.Key] = Math.Max(_nextStep.GetValueOrDefault(metric.Key), metric.Step + 1);
                _runStep = Math.Max(_runStep, metric.Step + 1);
            }
        }
    }

    /// <summary>Where the run's artifact bytes go first: the workspace cache, or for a tracking server without one, its staging area.</summary>
    private static ObjectCache? ArtifactCacheFor(ITrackingStore store, DataWorkspace? workspace)
    {
        if (CheckedTrackingStore.Unwrap(store) is HttpTrackingStore http)
        {
            if (workspace is not null)
            {
                http.AddContentSource(workspace.Cache);
            }

            return workspace?.Cache ?? http.Staging;
        }

        return workspace?.Cache;
    }

    private ObjectCache ArtifactCache => _artifactCache
        ?? throw AriadneException.InvalidArgument("Artifacts are stored in the workspace cache, and this run has no workspace. Run 'ariadne init' in the project folder, or log to a tracking server (ARIADNE_TRACKING_URI=http://...), which keeps them.");

    internal async Task LogBytesAsync(ReadOnlyMemory<byte> bytes, string artifactPath, CancellationToken cancellationToken)
    {
        var hash = ArtifactCache.StoreBytes(bytes.Span);
        await _store.LogArtifactsAsync(RunId, [new RunArtifact(artifactPath, hash.Hex, bytes.Length)], cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new InvalidOperationException($"Run {RunId} has ended ({Info.Status}); nothing more can be logged to it. Start a new run, or resume this one with TrackingClient.ResumeRunAsync(\"{RunId}\").");
        }
    }

    private static string MediaPath(string folder, string name, string extension)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw AriadneException.InvalidArgument($"Give the {folder[..^1]} a name, such as \"confusion\" (stored as {folder}/confusion{extension}).");
        }

        var clean = name.Replace('\\', '/').Trim('/');
        return $"{folder}/{(clean.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? clean : clean + extension)}";
    }

    private static string TableCsv(IReadOnlyList<string> columns, List<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(Quote)).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(v => Quote(Cell(v)))).Append('\n');
        }

        return text.ToString();

        static string Quote(string value) =>
            value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static byte[] TableJson(IReadOnlyList<string> columns, List<IReadOnlyList<object?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("columns");
            foreach (var column in columns)
            {
                writer.WriteStringValue(column);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data");
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var value in row)
                {
                    ParamValues.WriteJson(writer, value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
