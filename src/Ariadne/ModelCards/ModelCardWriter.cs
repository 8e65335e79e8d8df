using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.ModelCards;

/// <summary>
/// Writes a model version's card in the Hugging Face format (hub-docs <c>modelcard.md</c>): front matter with
/// <c>license</c>, <c>library_name</c>, <c>tags</c>, <c>datasets</c>, <c>metrics</c> and <c>model-index</c> (one result
/// per evaluation: task, dataset with name, type, split and the content hash as <c>revision</c>, metrics with type,
/// value and name), and a body filled from the record. Sections the user wrote survive regeneration
/// (<see cref="ModelCardDocument"/>).
/// </summary>
internal static partial class ModelCardWriter
{
    /// <summary>The card file's name in a model version's folder, as on the Hub.</summary>
    public const string FileName = "README.md";

    /// <summary>The task id used when no <c>task</c> tag names one (the Hub's catch-all pipeline type).</summary>
    public const string DefaultTask = "other";

    /// <summary>The Hub's license id for "not stated", used when no <c>license</c> tag names one.</summary>
    public const string DefaultLicense = "unknown";

    private const string Template = """

        ## Intended use

        <!-- Who should use this model, for what, and for what not. Ariadne keeps this section as you write it. -->

        ## Limitations

        <!-- Known failure modes, biases, the data it was not trained for. Ariadne keeps this section as you write it. -->

        """;

    /// <summary>The card for <paramref name="subject"/>, merged into <paramref name="existing"/> (the old card) when given.</summary>
    public static Task<string> WriteAsync(ModelCardSubject subject, ITrackingStore store, DataWorkspace? workspace, string? existing, CancellationToken cancellationToken) =>
        WriteAsync(subject, store, workspace is null ? (_, _) => Task.FromResult<byte[]?>(null) : ModelCardObjects.FromCache(workspace.Cache), existing, cancellationToken);

    /// <summary>The card, reading stored objects (the pipeline graph) through <paramref name="readObject"/>, e.g. a server's artifact store.</summary>
    public static async Task<string> WriteAsync(ModelCardSubject subject, ITrackingStore store, ReadObject readObject, string? existing, CancellationToken cancellationToken)
    {
        var facts = await ModelCardFacts.GatherAsync(subject, store, readObject, cancellationToken).ConfigureAwait(false);
        return Render(facts, existing);
    }

    public static string Render(ModelCardFacts facts, string? existing)
    {
        var results = Results(facts);
        var subject = facts.Subject;
        var license = subject.Tags.GetValueOrDefault(ModelCardSubject.LicenseTag);
        var front = FrontMatter(facts, results, license ?? DefaultLicense);
        var blocks = Body(facts, results);
        return ModelCardDocument.Merge(existing, front, license is not null, blocks, Template);
    }

    /// <summary>One evaluation: the metrics one run logged on one dataset split.</summary>
    internal sealed record EvalResult(string Split, string DatasetName, string DatasetId, string Revision, Run Run, string Stage, IReadOnlyList<Metric> Metrics);

    private static List<EvalResult> Results(ModelCardFacts facts)
    {
        var results = new List<EvalResult>();
        var evaluations = facts.Downstream.Where(d => d.Run is not null).Select(d => (d.Stage, Run: d.Run!)).ToList();
        if (facts.Source is { } source)
        {
            evaluations.Insert(0, (ModelCardFacts.Tag(source, "ariadne.pipeline.stage") ?? source.Info.RunName, source));
        }

        foreach (var (stage, run) in evaluations)
        {
            var metrics = run.LatestMetrics.Where(m => double.IsFinite(m.Value)).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
            if (metrics.Count == 0)
            {
                continue;
            }

            var read = facts.SealedReads.FirstOrDefault(r => r.RunId == run.Info.RunId);
            if (read is not null)
            {
                var name = $"{read.Manifest} ({read.Part}, sealed)";
                results.Add(new EvalResult("test", name, DatasetId(Path.GetFileName(Path.GetDirectoryName(read.Manifest)) is { Length: > 0 } folder ? folder : read.Part), read.PartBlake3, run, stage, metrics));
                continue;
            }

            var input = EvaluationInput(facts, run);
            if (input is null)
            {
                continue;
            }

            var named = facts.NamedDatasets.GetValueOrDefault(input.DatasetHash);
            var label = named is not null ? $"{named.Name}@{named.Version}" : input.PointerPath ?? input.DatasetHash[..12];
            var split = (input.PointerPath ?? "").Contains("train", StringComparison.OrdinalIgnoreCase) && !(input.PointerPath ?? "").Contains("valid", StringComparison.OrdinalIgnoreCase) ? "train" : "validation";
            results.Add(new EvalResult(split, label, DatasetId(named?.Name ?? Path.GetFileNameWithoutExtension(input.PointerPath ?? input.DatasetHash)), input.DatasetHash, run, stage, metrics));
        }

        return results;
    }

    /// <summary>The data a run evaluated on: a registered dataset version it read, else the input named for validation, else the first data input besides the model.</summary>
    private static RunInput? EvaluationInput(ModelCardFacts facts, Run run)
    {
        var modelPath = facts.Subject.SourcePath is { } p ? p.Replace("outs/", "", StringComparison.Ordinal) : null;
        var inputs = run.Inputs.Where(i => modelPath is null || i.PointerPath is null || !i.PointerPath.StartsWith(modelPath, StringComparison.Ordinal)).ToList();
        return inputs.FirstOrDefault(i => facts.NamedDatasets.ContainsKey(i.DatasetHash))
            ?? inputs.FirstOrDefault(i => i.PointerPath?.Contains("valid", StringComparison.OrdinalIgnoreCase) == true)
            ?? inputs.FirstOrDefault(i => i.PointerPath is { } path && DataLike().IsMatch(path));
    }

    private static List<(string Key, string Yaml)> FrontMatter(ModelCardFacts facts, List<EvalResult> results, string license)
    {
        var subject = facts.Subject;
        var front = new List<(string, string)> { ("license", $"license: {Quote(license)}\n") };
        if (subject.Tags.GetValueOrDefault(ModelCardSubject.LibraryTag) is { Length: > 0 } library)
        {
            front.Add(("library_name", $"library_name: {Quote(library)}\n"));
        }

        var task = subject.Tags.GetValueOrDefault(ModelCardSubject.TaskTag) is { Length: > 0 } t ? t : DefaultTask;
        var tags = new List<string> { "ariadne" };
        if (task != DefaultTask)
        {
            tags.Add(task);
        }

        front.Add(("tags", List("tags", tags)));
        var raw = facts.Upstream.Where(u => u.Run is not null).SelectMany(u => u.Run!.Inputs).Where(i => facts.NamedDatasets.ContainsKey(i.DatasetHash));
        var datasets = raw.Concat(TrainingData(facts)).Select(i => DatasetId(facts.NamedDatasets.GetValueOrDefault(i.DatasetHash)?.Name ?? Path.GetFileNameWithoutExtension(i.PointerPath ?? i.DatasetHash)))
            .Concat(results.Select(r => r.DatasetId)).Distinct(StringComparer.Ordinal).ToList();
        if (datasets.Count > 0)
        {
            front.Add(("datasets", List("datasets", datasets)));
        }

        var metricTypes = results.SelectMany(r => r.Metrics).Select(m => MetricType(m.Key)).Distinct(StringComparer.Ordinal).ToList();
        if (metricTypes.Count > 0)
        {
            front.Add(("metrics", List("metrics", metricTypes)));
        }

        if (results.Count > 0)
        {
            var index = new StringBuilder("model-index:\n");
            index.Append("- name: ").Append(Quote(subject.Name)).Append('\n');
            index.Append("  results:\n");
            foreach (var result in results)
            {
                index.Append("  - task:\n");
                index.Append("      type: ").Append(Quote(task)).Append('\n');
                index.Append("    dataset:\n");
                index.Append("      name: ").Append(Quote(result.DatasetName)).Append('\n');
                index.Append("      type: ").Append(Quote(result.DatasetId)).Append('\n');
                index.Append("      split: ").Append(Quote(result.Split)).Append('\n');
                index.Append("      revision: ").Append(Quote(result.Revision)).Append('\n');
                index.Append("    metrics:\n");
                foreach (var metric in result.Metrics)
                {
                    index.Append("    - type: ").Append(Quote(MetricType(metric.Key))).Append('\n');
                    index.Append("      value: ").Append(metric.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                    index.Append("      name: ").Append(Quote($"{result.Stage}: {metric.Key}")).Append('\n');
                }
            }

            front.Add(("model-index", index.ToString()));
        }

        return front;
    }

    /// <summary>The source run's inputs: the data (and code) the model was trained from, by content hash.</summary>
    private static IReadOnlyList<RunInput> TrainingData(ModelCardFacts facts) =>
        facts.Source?.Inputs.Where(i => i.PointerPath is null || DataLike().IsMatch(i.PointerPath) || facts.NamedDatasets.ContainsKey(i.DatasetHash)).ToList() ?? [];

    private static List<(string Id, string Markdown)> Body(ModelCardFacts facts, List<EvalResult> results)
    {
        var subject = facts.Subject;
        var blocks = new List<(string, string)>();
        var text = new StringBuilder();
        text.Append("# ").Append(subject.Name).Append(" (version ").Append(subject.Version).Append(")\n\n");
        if (!string.IsNullOrWhiteSpace(subject.Description))
        {
            text.Append(subject.Description.Trim()).Append("\n\n");
        }

        text.Append("A model registered in Ariadne's model registry as `models:/").Append(subject.Name).Append('/').Append(subject.Version).Append('`');
        if (subject.Aliases.Count > 0)
        {
            text.Append(" (aliases: ").AppendJoin(", ", subject.Aliases.Select(a => $"`{a}`")).Append(')');
        }

        text.Append(". Registered ").Append(Time(subject.CreatedAt));
        if (subject.RegisteredBy is { Length: > 0 } by)
        {
            text.Append(" by ").Append(by);
        }

        if (facts.Source is { } source)
        {
            text.Append(" from run `").Append(source.Info.RunId).Append("` (").Append(source.Info.RunName).Append(')');
            if (subject.SourcePath is { Length: > 0 } path)
            {
                text.Append(", artifact path `").Append(path).Append('`');
            }
        }

        text.Append(".\n\n| file | size | BLAKE3 |\n| --- | ---: | --- |\n");
        foreach (var file in subject.Files)
        {
            text.Append("| `").Append(file.Path).Append("` | ").Append(file.Size.ToString(CultureInfo.InvariantCulture)).Append(" | `").Append(file.Hash).Append("` |\n");
        }

        blocks.Add(("overview", text.ToString()));
        blocks.Add(("training-data", TrainingDataSection(facts)));
        blocks.Add(("preprocessing", Preprocessing(facts)));
        blocks.Add(("parameters", Parameters(facts)));
        blocks.Add(("evaluation", Evaluation(results)));
        blocks.Add(("sealed-test-set", SealedTestSet(facts)));
        blocks.Add(("environment", Environment(facts)));
        blocks.Add(("reproduce", Reproduce(facts)));
        return blocks;
    }

    private static string TrainingDataSection(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Training data\n\n");
        var inputs = facts.Source?.Inputs ?? [];
        if (inputs.Count == 0)
        {
            return text.Append("The record holds no inputs for this model's run.\n").ToString();
        }

        text.Append("What the training run read, by content hash (BLAKE3):\n\n| input | role | dataset version | content hash |\n| --- | --- | --- | --- |\n");
        foreach (var input in inputs.OrderBy(i => i.PointerPath ?? i.DatasetHash, StringComparer.Ordinal))
        {
            var named = facts.NamedDatasets.GetValueOrDefault(input.DatasetHash);
            var version = named is not null ? $"{named.Name}@{named.Version}" : input.DatasetName is { } n ? $"{n}@{input.DatasetVersion}" : "";
            text.Append("| `").Append(input.PointerPath ?? "(by hash)").Append("` | ").Append(input.Role).Append(" | ").Append(version).Append(" | `").Append(input.DatasetHash).Append("` |\n");
        }

        var raw = facts.Upstream.Where(u => u.Run is not null).SelectMany(u => u.Run!.Inputs)
            .Where(i => facts.NamedDatasets.ContainsKey(i.DatasetHash) || (i.PointerPath is { } p && DataLike().IsMatch(p)))
            .DistinctBy(i => i.DatasetHash).ToList();
        if (raw.Count > 0)
        {
            text.Append("\nData the stages before it read:\n\n");
            foreach (var input in raw)
            {
                var named = facts.NamedDatasets.GetValueOrDefault(input.DatasetHash);
                text.Append("- `").Append(input.PointerPath ?? "(by hash)").Append("` blake3 `").Append(input.DatasetHash).Append('`');
                if (named is not null)
                {
                    text.Append(" (dataset version ").Append(named.Name).Append('@').Append(named.Version).Append(')');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Preprocessing(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Preprocessing\n\n");
        if (facts.Pipeline is null)
        {
            return text.Append("The model's run was not a pipeline stage; the record holds no preprocessing stages.\n").ToString();
        }

        if (facts.Upstream.Count == 0)
        {
            return text.Append("No pipeline stage ran before the training stage.\n").ToString();
        }

        text.Append("Pipeline stages before training (from `pipeline/dag.json` of run `").Append(facts.Pipeline.Info.RunId).Append("`), in order:\n\n");
        var i = 1;
        foreach (var stage in facts.Upstream)
        {
            text.Append(i++.ToString(CultureInfo.InvariantCulture)).Append(". **").Append(stage.Stage).Append("**: `").Append(string.Join(" && ", stage.Commands)).Append('`');
            text.Append(stage.Run is { } run ? $" (run `{run.Info.RunId}`)" : " (up to date: not run in this repro)").Append('\n');
        }

        return text.ToString();
    }

    private static string Parameters(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Parameters and seeds\n\n");
        var parameters = facts.Source?.Params ?? [];
        if (parameters.Count == 0)
        {
            return text.Append("The training run logged no parameters.\n").ToString();
        }

        text.Append("| parameter | value |\n| --- | --- |\n");
        foreach (var param in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("| `").Append(param.Key).Append("` | `").Append(Cell(param.Value)).Append("` |\n");
        }

        var seeds = parameters.Where(p => IsSeed(p.Key)).ToList();
        text.Append('\n').Append(seeds.Count == 0
            ? "No seed was logged: a run that draws random numbers without a logged seed may not repeat exactly.\n"
            : $"Seeds: {string.Join(", ", seeds.Select(s => $"`{s.Key}` = {s.Value}"))}.\n");
        return text.ToString();
    }

    private static string Evaluation(List<EvalResult> results)
    {
        var text = new StringBuilder("## Evaluation\n\n");
        if (results.Count == 0)
        {
            return text.Append("No run of this model logged metrics.\n").ToString();
        }

        text.Append("| split | dataset | content hash | metric | value | run |\n| --- | --- | --- | --- | ---: | --- |\n");
        foreach (var result in results)
        {
            foreach (var metric in result.Metrics)
            {
                text.Append("| ").Append(result.Split).Append(" | ").Append(Cell(result.DatasetName)).Append(" | `").Append(result.Revision[..Math.Min(12, result.Revision.Length)]).Append("` | ")
                    .Append(Cell(metric.Key)).Append(" | ").Append(metric.Value.ToString("G6", CultureInfo.InvariantCulture)).Append(" | ").Append(result.Stage).Append(" `").Append(result.Run.Info.RunId).Append("` |\n");
            }
        }

        return text.ToString();
    }

    private static string SealedTestSet(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Sealed test set\n\n");
        if (facts.SealedReads.Count == 0)
        {
            return text.Append("No run of this model read a sealed test set: the results above are not a held-out estimate.\n").ToString();
        }

        foreach (var part in facts.SealedReads.GroupBy(r => r.PartBlake3))
        {
            var reads = part.ToList();
            var budget = reads[^1].Budget;
            text.Append("Part `").Append(reads[0].Part).Append("` of `").Append(reads[0].Manifest).Append("` (blake3 `").Append(part.Key).Append("`): read ")
                .Append(reads.Count.ToString(CultureInfo.InvariantCulture)).Append(" time(s) of a budget of ").Append(budget.ToString(CultureInfo.InvariantCulture))
                .Append(", every read recorded in the holdout ledger.\n\n| # | when | run | model | metric | override reason |\n| ---: | --- | --- | --- | --- | --- |\n");
            var n = 1;
            foreach (var read in reads)
            {
                text.Append("| ").Append(n++.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(read.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
                    .Append(" | `").Append(read.RunId ?? "(no run)").Append("` | ").Append(Cell(read.Model)).Append(" | ").Append(Cell(read.Metric)).Append(" | ").Append(Cell(read.OverrideReason ?? "")).Append(" |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Environment(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Environment\n\n");
        if (facts.EnvironmentRun is not { } run)
        {
            return text.Append("The record holds no environment for this model.\n").ToString();
        }

        // Git and the user come from the run's tags; the rest from its environment.json when readable here, read as
        // 'ariadne env show' reads it (runtime, SDK, pins, GPUs with drivers, Python), else from the tags.
        var rows = new List<(string Label, string Value)>();
        void Tag(string label, string key)
        {
            if (ModelCardFacts.Tag(run, key) is { Length: > 0 } value)
            {
                rows.Add((label, value));
            }
        }

        Tag("git commit", "ariadne.git.commit");
        Tag("git branch", "ariadne.git.branch");
        Tag("uncommitted changes", "ariadne.git.dirty");
        if (facts.Environment is { } record)
        {
            foreach (var (area, name, value) in record.Describe().Where(d => d.Area is "runtime" or "os" or "hardware" or "pins" || (d.Area == "python" && d.Name == "interpreter")))
            {
                rows.Add(($"{area} {name}", value));
            }

            if (record.Python is { } python)
            {
                rows.Add(("python packages", python.Packages.Count.ToString(CultureInfo.InvariantCulture)));
            }

            if (record.Packages is { Count: > 0 } packages)
            {
                rows.Add(("NuGet packages loaded", packages.Count.ToString(CultureInfo.InvariantCulture)));
            }

            if (record.Host is { Length: > 0 } host)
            {
                rows.Add(("host", host));
            }
        }
        else
        {
            Tag("operating system", "ariadne.os");
            Tag("architecture", "ariadne.arch");
            Tag(".NET runtime", "ariadne.runtime");
            Tag("CPU", "ariadne.cpu");
            Tag("logical cores", "ariadne.cores");
            Tag("GPUs", "ariadne.gpus");
            Tag("host", "ariadne.host");
        }

        Tag("user", "ariadne.user");
        text.Append("Captured when run `").Append(run.Info.RunId).Append("` started:\n\n| | |\n| --- | --- |\n");
        foreach (var (label, value) in rows)
        {
            text.Append("| ").Append(Cell(label)).Append(" | ").Append(Cell(value)).Append(" |\n");
        }

        if (facts.EnvironmentFile is { } file)
        {
            text.Append("\nThe full record (packages, environment variables, hardware) is the run's artifact `environment.json`, blake3 `").Append(file.Hash)
                .Append("`; `ariadne env show ").Append(run.Info.RunId).Append("` prints it and `ariadne env diff ").Append(run.Info.RunId).Append("` compares it with this machine.\n");
        }

        text.Append("\n### Reproductions\n\n");
        if (facts.Reproductions.Count == 0)
        {
            return text.Append("No reproduction of the training run is recorded. `ariadne reproduce ").Append(facts.Source?.Info.RunId ?? run.Info.RunId)
                .Append("` runs it again at the recorded commit and compares metrics, outputs and the environment.\n").ToString();
        }

        text.Append("Runs of `ariadne reproduce`, and how their environment differs from the training run's (the comparison `ariadne env diff` and `ariadne reproduce` make):\n\n");
        foreach (var reproduction in facts.Reproductions)
        {
            text.Append("- run `").Append(reproduction.RunId).Append("` (of `").Append(reproduction.OriginalRunId).Append("`): ").Append(Cell(reproduction.Result)).Append(", ");
            text.Append(reproduction.Differences switch
            {
                null => "environment not comparable here (a record is missing).\n",
                { Count: 0 } => "same environment.\n",
                { } differences => $"{differences.Count.ToString(CultureInfo.InvariantCulture)} environment difference(s):\n",
            });
            if (reproduction.Differences is { Count: > 0 } found)
            {
                text.Append("\n  | area | what | training | reproduction |\n  | --- | --- | --- | --- |\n");
                foreach (var difference in found)
                {
                    text.Append("  | ").Append(Cell(difference.Area)).Append(" | ").Append(Cell(difference.Name)).Append(" | ")
                        .Append(Cell(difference.Left ?? "(absent)")).Append(" | ").Append(Cell(difference.Right ?? "(absent)")).Append(" |\n");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Reproduce(ModelCardFacts facts)
    {
        var text = new StringBuilder("## Reproduce\n\n```sh\n");
        var commit = facts.EnvironmentRun is { } run ? ModelCardFacts.Tag(run, "ariadne.git.commit") : null;
        if (commit is not null)
        {
            text.Append("git checkout ").Append(commit).Append('\n');
        }

        text.Append("ariadne pull\n");
        if (facts.Source is { } source && ModelCardFacts.Tag(source, "ariadne.pipeline.stage") is { } stage)
        {
            text.Append("ariadne repro ").Append(stage).Append('\n');
            foreach (var after in facts.Downstream)
            {
                text.Append("ariadne repro ").Append(after.Stage).Append('\n');
            }
        }
        else if (facts.Source is { } plain && ModelCardFacts.Command(plain) is { } command)
        {
            text.Append(command).Append('\n');
        }

        text.Append("```\n\nOr fetch this version's files: `ariadne models pull ").Append(facts.Subject.Name).Append('/').Append(facts.Subject.Version).Append("`.\n");
        if (facts.EnvironmentRun is { } r && ModelCardFacts.Tag(r, "ariadne.git.dirty") == "true")
        {
            text.Append("\nThe working tree had uncommitted changes when it ran; the run's artifact `git.diff` holds them.\n");
        }

        return text.ToString();
    }

    /// <summary>A Hub dataset or metric id: letters, digits, '_', '-', '.'; other characters become '-'.</summary>
    internal static string DatasetId(string name)
    {
        var id = IdUnsafe().Replace(name, "-").Trim('-', '.');
        return id.Length == 0 ? "data" : id.Length > 96 ? id[..96].Trim('-', '.') : id;
    }

    /// <summary>The Hub metric type of a key: its last dotted part, e.g. <c>accuracy</c> for <c>validation.accuracy</c>.</summary>
    internal static string MetricType(string key) => DatasetId(key[(key.LastIndexOf('.') + 1)..].ToLowerInvariant());

    private static bool IsSeed(string key) => key.StartsWith(TrackingKeys.SeedPrefix, StringComparison.Ordinal) || key.Split('.', ':').Last().Contains("seed", StringComparison.OrdinalIgnoreCase);

    private static string List(string key, IEnumerable<string> values) => $"{key}:\n" + string.Concat(values.Select(v => $"- {Quote(v)}\n"));

    /// <summary>A YAML double-quoted scalar (JSON string syntax, which YAML 1.2 reads the same).</summary>
    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);

    private static string Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]+")]
    private static partial Regex IdUnsafe();

    [GeneratedRegex(@"(^|/)(data|datasets?)(/|$)|\.(csv|tsv|json|jsonl|parquet|txt|arrow|npz|npy)$", RegexOptions.IgnoreCase)]
    private static partial Regex DataLike();
}
