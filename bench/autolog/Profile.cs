using System.Diagnostics;
using System.Globalization;
using Ariadne.MLNet;
using Ariadne.Tracking;
using Microsoft.ML;

/// <summary>
/// Where autologging's own cost goes: each part of <c>FitAsync</c> and of the evaluation hooks timed on its own
/// (median of many repetitions, wall and CPU time of the process), next to one fit of the penguins pipeline and one
/// whole training. Run by <c>PROFILE=1 bash bench/autolog.sh</c>.
/// </summary>
internal static class Profile
{
    public static async Task RunAsync(TrackingClient tracking, string trainCsv, int repetitions)
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromTextFile<PenguinInput>(trainCsv, ',', hasHeader: true);
        var pipeline = Penguins.Pipeline(ml, 30);
        var model = pipeline.Fit(train);
        var description = PipelineDescription.Of(ml, pipeline, out var fillsInAtFit);
        var saved = ModelZip.Save(ml, model, train.Schema);
        var rows = new List<(string Part, double Wall, double Cpu)>();

        async Task Time(string part, Func<Task> body, Func<Task>? before = null)
        {
            var walls = new List<double>();
            var cpu = TimeSpan.Zero; // summed: the process's CPU time is counted in ticks of 10 ms, too coarse for one repetition
            for (var i = 0; i <= repetitions; i++)
            {
                if (before is not null)
                {
                    await before();
                }

                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await body();
                if (i > 0)
                {
                    // The first is a warm-up (JIT, first use).
                    walls.Add(clock.Elapsed.TotalMilliseconds);
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                }
            }

            rows.Add((part, Median(walls), cpu.TotalMilliseconds / repetitions));
        }

        ActiveRun? run = null;
        async Task FreshRun()
        {
            if (run is not null)
            {
                await run.EndAsync();
            }

            run = await tracking.StartRunAsync("bench-profile", "part");
        }

        await Time("one fit of the penguins pipeline (30 iterations), for scale", () => { pipeline.Fit(train); return Task.CompletedTask; });
        await Time("describe the pipeline (reflection), before the fit", () => { PipelineDescription.Of(ml, pipeline); return Task.CompletedTask; });
        await Time("training schema as a param", () => { ModelSchema.Summary(train.Schema); return Task.CompletedTask; });
        await Time($"params: {description.Count + 4} in one batch", () => run!.LogParamsAsync(description.Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value))), FreshRun);
        await Time("params one by one, same count (for comparison; autolog already wrote one batch)", async () =>
        {
            foreach (var (key, value) in description)
            {
                await run!.LogParamAsync(key, value);
            }
        }, FreshRun);
        await Time("input by hash (dataset lookup + record)", () => run!.LogInputAsync(new string('0', 64), "train"), FreshRun);
        await Time("ML.NET Model.Save to memory", () => { using var m = new MemoryStream(); ml.Model.Save(model, train.Schema, m); return Task.CompletedTask; });
        await Time("fixed zip dates written in place (now)", () => { ModelZip.TryFixDates(saved.ToArray()); return Task.CompletedTask; });
        await Time("fixed zip dates by rewriting the zip (before)", () => { ModelZip.Rewrite(saved); return Task.CompletedTask; });
        await Time("schema.json", () => { ModelSchema.ToJson(model, train.Schema, description); return Task.CompletedTask; });
        await Time("model.zip + schema.json into the cache, one record (now)", async () =>
        {
            var bytes = saved.ToArray();
            bytes[^1] ^= (byte)Random.Shared.Next(1, 255); // a new object each time, as a new model would be
            await MLNetAutolog.StoreModelAsync(run!, "model", bytes, "{}"u8.ToArray(), default);
        }, FreshRun);
        var temp = Path.Combine(Path.GetTempPath(), "ariadne-bench-profile-model.zip");
        await Time("model.zip via temp file + LogArtifactAsync, schema via LogTextAsync (before)", async () =>
        {
            var bytes = saved.ToArray();
            bytes[^1] ^= (byte)Random.Shared.Next(1, 255);
            await File.WriteAllBytesAsync(temp, bytes);
            await run!.LogArtifactAsync(temp, "model/model.zip");
            await run.LogTextAsync("{}", "model/schema.json");
            File.Delete(temp);
        }, FreshRun);
        await Time("4 more metric points per step, 30 steps, flushed", async () =>
        {
            for (var step = 1; step <= 30; step++)
            {
                foreach (var key in (string[])["train.macro_accuracy", "train.log_loss_reduction", "validation.macro_accuracy", "validation.log_loss_reduction"])
                {
                    run!.LogMetric(key, 0.5, step);
                }
            }

            await run!.FlushAsync();
        }, FreshRun);
        await Time("FitAsync, everything (its fit included)", async () =>
        {
            var autolog = ml.Autolog(run!);
            await autolog.FitAsync(pipeline, autolog.FromFile(train, trainCsv));
        }, FreshRun);
        await run!.EndAsync();

        Console.WriteLine(FormattableString.Invariant($"FitAsync's parts, {repetitions} repetitions after one warm-up (wall: median; CPU: mean); the pipeline {(fillsInAtFit ? "is" : "is not")} described again after the fit:"));
        Console.WriteLine();
        Console.WriteLine("| part | wall ms | CPU ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (part, wall, cpu) in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"| {part} | {wall:F2} | {cpu:F2} |"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
