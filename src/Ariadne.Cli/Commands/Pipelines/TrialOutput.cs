using System.Globalization;
using System.Text.Json;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>A trial of <c>exp run</c> or <c>sweep</c> as JSON.</summary>
internal static class TrialOutput
{
    public static void Write(Utf8JsonWriter w, TrialResult trial, int? rank = null)
    {
        w.WriteStartObject();
        if (rank is { } r)
        {
            w.WriteNumber("rank", r);
        }

        if (trial.Index > 0)
        {
            w.WriteNumber("trial", trial.Index);
        }

        w.WriteString("run_id", trial.RunId);
        w.WriteBoolean("succeeded", trial.Succeeded);
        if (trial.Repro.PipelineRunId is { } pipelineRun)
        {
            w.WriteString("pipeline_run_id", pipelineRun);
        }

        w.WriteStartObject("params");
        foreach (var p in trial.Params)
        {
            w.WriteString(p.Name, p.Value);
        }

        w.WriteEndObject();
        w.WriteStartObject("metrics");
        foreach (var (key, value) in trial.Metrics)
        {
            if (double.IsFinite(value))
            {
                w.WriteNumber(key, value);
            }
            else
            {
                w.WriteString(key, value.ToString(CultureInfo.InvariantCulture));
            }
        }

        w.WriteEndObject();
        WriteStages(w, trial.Repro);
        ReadSealedOption.WriteLeftOut(w, trial.LeftOut);
        w.WriteEndObject();
    }

    /// <summary>Each stage's result (and error) as <c>"stages": [...]</c>; also <c>exp apply --json</c>'s.</summary>
    public static void WriteStages(Utf8JsonWriter w, ReproResult repro)
    {
        w.WriteStartArray("stages");
        foreach (var stage in repro.Stages)
        {
            w.WriteStartObject();
            w.WriteString("stage", stage.Stage);
            w.WriteString("result", ReproCommand.Name(stage.Result));
            if (stage.Error is { } error)
            {
                w.WriteString("error", error);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
