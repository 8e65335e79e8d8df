using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>The columns of run listings: attributes, and any <c>params.x</c>, <c>metrics.x</c> or <c>tags.x</c>.</summary>
internal static class RunColumns
{
    public static IReadOnlyList<string> Default(IReadOnlyList<Run> runs)
    {
        var metrics = runs.SelectMany(r => r.LatestMetrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(4);
        var parameters = runs.SelectMany(r => r.Params.Select(p => p.Key)).Where(k => !k.StartsWith(TrackingKeys.SeedPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(4);
        return ["run_id", "run_name", "status", "start_time", "duration", .. parameters.Select(p => "params." + p), .. metrics.Select(m => "metrics." + m)];
    }

    public static IReadOnlyList<string> Parse(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string Value(Run run, string column, bool shortIds = false)
    {
        var info = run.Info;
        return column switch
        {
            "run_id" => shortIds ? info.RunId[..8] : info.RunId,
            "run_name" => info.RunName,
            "status" => info.Status.ToString().ToUpperInvariant(),
            "start_time" => Format.Time(info.StartTime),
            "end_time" => Format.Time(info.EndTime),
            "duration" => Format.Duration(info.StartTime, info.EndTime),
            "experiment_id" => info.ExperimentId,
            "user_id" => info.UserId,
            "parent_run_id" => info.ParentRunId ?? "",
            _ when column.StartsWith("params.", StringComparison.Ordinal) => run.Params.FirstOrDefault(p => p.Key == column[7..]).Value ?? "",
            _ when column.StartsWith("tags.", StringComparison.Ordinal) => run.Tags.FirstOrDefault(t => t.Key == column[5..]).Value ?? "",
            _ when column.StartsWith("metrics.", StringComparison.Ordinal) => run.LatestMetrics.Where(m => m.Key == column[8..]).Select(m => m.Value.ToString("G", CultureInfo.InvariantCulture)).FirstOrDefault() ?? "",
            _ => throw AriadneException.InvalidArgument($"Unknown column '{column}'. Use run_id, run_name, status, start_time, end_time, duration, experiment_id, user_id, parent_run_id, or params.<key>, metrics.<key>, tags.<key>."),
        };
    }

    public static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
