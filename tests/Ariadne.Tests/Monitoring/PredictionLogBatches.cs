using System.Globalization;
using Ariadne.Monitoring;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// Writes prediction-log batches as serving did before its log became Arrow files (docs/monitoring.md, spec §1), which
/// the monitor still reads: one serving run in <c>ariadne-serving</c> tagged with the model, and one Parquet file per
/// flush stored as its artifact <c>predictions/v{V}/{firstTimeMs:D13}-{seq:D6}.parquet</c> with columns request_id, row, time, model_version,
/// input.*, prediction and score: a row id <c>r-7/2</c> is written as request_id <c>r-7</c> and row 2, <c>r-8</c> as
/// request_id <c>r-8</c> and no row.
/// </summary>
internal sealed class PredictionLogBatches
{
    private readonly TrackingClient _tracking;
    private readonly string _model;
    private ActiveRun? _run;
    private int _seq;

    public PredictionLogBatches(TrackingClient tracking, string model)
    {
        _tracking = tracking;
        _model = model;
    }

    /// <summary>A feature column: <c>double?[]</c> for numbers, <c>string?[]</c> for text.</summary>
    public async Task WriteAsync(int version, string[] ids, long[] times, IReadOnlyDictionary<string, Array> inputs, Array predictions, double?[] scores)
    {
        _run ??= await _tracking.StartNewRunAsync(MonitoringNames.ServingExperiment, $"serve {_model}@champion", null, new Dictionary<string, string>
        {
            ["ariadne.serving.model"] = _model,
            ["ariadne.serving.alias"] = "champion",
            ["ariadne.serving.instance"] = $"pid {Environment.ProcessId}",
        });
        var columns = new List<(string, Array)>
        {
            ("request_id", ids.Select(i => (string?)i.Split('/')[0]).ToArray()),
            ("row", ids.Select(i => i.Split('/') is [_, var row] ? int.Parse(row, CultureInfo.InvariantCulture) : (int?)null).ToArray()),
            ("time", times),
            ("model_version", ids.Select(_ => version).ToArray()),
        };
        columns.AddRange(inputs.Select(kv => ("input." + kv.Key, kv.Value)));
        columns.Add(("prediction", predictions));
        columns.Add(("score", scores));
        var file = Path.Combine(Path.GetTempPath(), $"ariadne-test-batch-{Guid.NewGuid():N}.parquet");
        try
        {
            await ParquetColumns.WriteAsync(file, columns);
            var seq = ++_seq;
            await _run.LogArtifactAsync(file, $"predictions/v{version}/{times.Min().ToString("D13", CultureInfo.InvariantCulture)}-{seq.ToString("D6", CultureInfo.InvariantCulture)}.parquet");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task EndAsync()
    {
        if (_run is not null)
        {
            await _run.EndAsync();
            await _run.DisposeAsync();
        }
    }
}
