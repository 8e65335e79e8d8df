using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Content;
using Ariadne.Lineage;
using Ariadne.Pipelines;
using Ariadne.Workspace;

namespace Ariadne.Provenance;

/// <summary>
/// Writes a lineage graph as an RO-Crate 1.1 (docs/lineage.md) following the Process, Workflow and Provenance Run Crate
/// profiles (0.5): the pipeline file <c>ariadne.yaml</c> as the main entity (a ComputationalWorkflow whose steps are
/// the stages), one CreateAction per run with its instrument, inputs and params as <c>object</c>, outputs as
/// <c>result</c>, start and end time, agent and status; a ControlAction per stage run and an OrganizeAction for a
/// pipeline run; every piece of data as a File (or a Dataset for a folder) with its BLAKE3 hash and size. Bytes in the
/// workspace cache are copied into the crate under <c>data/HASH/NAME</c>; data not there is described by hash only.
/// </summary>
internal sealed class RoCrateExport(LineageGraph graph, DataWorkspace? workspace, TimeProvider time)
{
    public const string MetadataFile = "ro-crate-metadata.json";
    private const string ProcessProfile = "https://w3id.org/ro/wfrun/process/0.5";
    private const string WorkflowProfile = "https://w3id.org/ro/wfrun/workflow/0.5";
    private const string ProvenanceProfile = "https://w3id.org/ro/wfrun/provenance/0.5";
    private const string WorkflowRoCrate = "https://w3id.org/workflowhub/workflow-ro-crate/1.0";

    private readonly Dictionary<string, JsonObject> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dataIds = new(StringComparer.Ordinal);
    private readonly List<(string Source, string Target)> _copies = [];

    /// <summary>Writes the crate to <paramref name="output"/>: a folder (made if missing, must be empty), or a zip when it ends in .zip.</summary>
    public void Write(string output)
    {
        var zip = output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (zip ? File.Exists(output) : Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw AriadneException.InvalidArgument($"'{output}' exists{(zip ? "" : " and is not empty")}. Name a new {(zip ? "zip file" : "folder")} for the crate.");
        }

        var document = Build();
        var folder = zip ? Path.Combine(Path.GetTempPath(), "ariadne-crate-" + Guid.NewGuid().ToString("N")) : output;
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (source, target) in _copies)
            {
                var destination = Path.Combine(folder, target);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(source, destination);
                if (!OperatingSystem.IsWindows())
                {
                    // Cache objects are read-only; the crate's copies belong to whoever exports.
                    File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }

            File.WriteAllText(Path.Combine(folder, MetadataFile), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (zip)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                ZipFile.CreateFromDirectory(folder, output);
            }
        }
        finally
        {
            if (zip && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The crate's metadata document (and, as a side effect, the list of files to copy).</summary>
    public JsonObject Build()
    {
        var workflowFile = workspace is not null && File.Exists(Path.Combine(workspace.Root, PipelineFile.FileName)) ? Path.Combine(workspace.Root, PipelineFile.FileName) : null;
        var pipelineRuns = graph.Runs.Where(r => graph.Runs.Any(s => s.ParentRunId == r.RunId && s.Stage is not null)).ToList();
        var stageRuns = graph.Runs.Where(r => r.Stage is not null).ToList();
        var hasWorkflow = workflowFile is not null && stageRuns.Count > 0;

        Add(new JsonObject
        {
            ["@id"] = MetadataFile,
            ["@type"] = "CreativeWork",
            ["about"] = Ref("./"),
            ["conformsTo"] = hasWorkflow ? Refs(["https://w3id.org/ro/crate/1.1", WorkflowRoCrate]) : Ref("https://w3id.org/ro/crate/1.1"),
        });
        var profiles = hasWorkflow ? new[] { ProcessProfile, WorkflowProfile, ProvenanceProfile, WorkflowRoCrate } : [ProcessProfile];
        foreach (var profile in profiles)
        {
            var name = profile == WorkflowRoCrate ? "Workflow RO-Crate" : profile == ProcessProfile ? "Process Run Crate" : profile == WorkflowProfile ? "Workflow Run Crate" : "Provenance Run Crate";
            Add(new JsonObject { ["@id"] = profile, ["@type"] = "CreativeWork", ["name"] = name, ["version"] = profile[(profile.LastIndexOf('/') + 1)..] });
        }

        var root = Add(new JsonObject
        {
            ["@id"] = "./",
            ["@type"] = "Dataset",
            ["name"] = $"Provenance of {graph.Target.Text}",
            ["description"] = $"Lineage ({(graph.Direction == LineageDirection.Upstream ? "upstream" : "downstream")}) of {graph.Target.Text} as Ariadne recorded it: runs, their inputs, outputs, params and environment.",
            ["datePublished"] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["license"] = Ref("#license"),
            ["conformsTo"] = Refs(profiles),
            ["hasPart"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
        });
        Add(new JsonObject { ["@id"] = "#license", ["@type"] = "CreativeWork", ["name"] = "Not stated", ["description"] = "Ariadne does not know the license of this data and code; state one before publishing the crate." });
        Add(new JsonObject
        {
            ["@id"] = "#ariadne",
            ["@type"] = "SoftwareApplication",
            ["name"] = "Ariadne",
            ["version"] = typeof(RoCrateExport).Assembly.GetName().Version?.ToString() ?? "unknown",
        });

        foreach (var data in graph.Data.OrderBy(d => d.Hash, StringComparer.Ordinal))
        {
            AddData(data, root);
        }

        if (hasWorkflow)
        {
            _copies.Add((workflowFile!, PipelineFile.FileName));
            Add(new JsonObject { ["@id"] = "#ariadne-pipeline", ["@type"] = "ComputerLanguage", ["name"] = "Ariadne pipeline file", ["alternateName"] = "ariadne.yaml" });
            var stages = stageRuns.Select(r => r.Stage!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            Add(new JsonObject
            {
                ["@id"] = PipelineFile.FileName,
                ["@type"] = new JsonArray("File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"),
                ["name"] = PipelineFile.FileName,
                ["programmingLanguage"] = Ref("#ariadne-pipeline"),
                ["contentSize"] = new FileInfo(workflowFile!).Length.ToString(CultureInfo.InvariantCulture),
                ["hasPart"] = Refs(stages.Select(ToolId)),
                ["step"] = Refs(stages.Select(StepId)),
            });
            root["mainEntity"] = Ref(PipelineFile.FileName);
            root["hasPart"]!.AsArray().Add((JsonNode)Ref(PipelineFile.FileName));
            foreach (var (stage, position) in stages.Select((s, i) => (s, i)))
            {
                var command = stageRuns.First(r => r.Stage == stage).Command;
                Add(new JsonObject { ["@id"] = ToolId(stage), ["@type"] = "SoftwareApplication", ["name"] = stage, ["description"] = command });
                Add(new JsonObject { ["@id"] = StepId(stage), ["@type"] = "HowToStep", ["name"] = stage, ["position"] = position.ToString(CultureInfo.InvariantCulture), ["workExample"] = Ref(ToolId(stage)) });
            }
        }

        foreach (var run in graph.Runs.OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal))
        {
            var isPipeline = pipelineRuns.Contains(run);
            string instrument;
            if (isPipeline && hasWorkflow)
            {
                instrument = PipelineFile.FileName;
            }
            else if (run.Stage is { } stage && hasWorkflow)
            {
                instrument = ToolId(stage);
            }
            else
            {
                instrument = "#command-" + run.RunId;
                Add(new JsonObject { ["@id"] = instrument, ["@type"] = "SoftwareApplication", ["name"] = run.Command ?? run.Name, ["description"] = "The command the run recorded." });
            }

            var action = Add(new JsonObject
            {
                ["@id"] = ActionId(run.RunId),
                ["@type"] = "CreateAction",
                ["name"] = $"Run {run.Name} ({run.RunId})",
                ["identifier"] = run.RunId,
                ["instrument"] = Ref(instrument),
                ["agent"] = Ref(PersonId(run.User)),
                ["startTime"] = Iso(run.StartTime),
                ["actionStatus"] = Ref(run.Status switch
                {
                    "FINISHED" => "http://schema.org/CompletedActionStatus",
                    "RUNNING" or "SCHEDULED" => "http://schema.org/ActiveActionStatus",
                    _ => "http://schema.org/FailedActionStatus",
                }),
                ["object"] = new JsonArray(),
                ["result"] = new JsonArray(),
            });
            if (run.EndTime is { } end)
            {
                action["endTime"] = Iso(end);
            }

            if (!_entities.ContainsKey(PersonId(run.User)))
            {
                Add(new JsonObject { ["@id"] = PersonId(run.User), ["@type"] = "Person", ["name"] = run.User });
            }

            foreach (var edge in graph.Edges.Where(e => e.Kind == LineageEdgeKind.Used && e.To == run.Id))
            {
                action["object"]!.AsArray().Add((JsonNode)Ref(_dataIds[edge.From]));
            }

            foreach (var edge in graph.Edges.Where(e => e.Kind == LineageEdgeKind.Generated && e.From == run.Id))
            {
                action["result"]!.AsArray().Add((JsonNode)Ref(_dataIds[edge.To]));
            }

            foreach (var edge in graph.Edges.Where(e => e.Kind == LineageEdgeKind.Registered && e.From == run.Id))
            {
                action["result"]!.AsArray().Add((JsonNode)Ref(AddModel(graph.Models.First(m => m.Id == edge.To), root)));
            }

            foreach (var (key, value) in run.Params.Concat(run.Seeds).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var id = $"#param-{run.RunId}-{Uri.EscapeDataString(key)}";
                Add(new JsonObject { ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = key, ["value"] = value });
                action["object"]!.AsArray().Add((JsonNode)Ref(id));
            }

            var environment = run.Environment.Select(p => $"{p.Key}={p.Value}").ToList();
            if (run.GitCommit is { } commit)
            {
                environment.Insert(0, $"git.commit={commit}{(run.GitDirty == true ? " (dirty)" : "")}");
            }

            if (environment.Count > 0)
            {
                action["description"] = "Recorded environment: " + string.Join("; ", environment);
            }

            if (isPipeline && hasWorkflow)
            {
                root["mentions"]!.AsArray().Add((JsonNode)Ref(ActionId(run.RunId)));
                var controls = new JsonArray();
                foreach (var stageRun in stageRuns.Where(s => s.ParentRunId == run.RunId))
                {
                    var control = "#control-" + stageRun.RunId;
                    Add(new JsonObject { ["@id"] = control, ["@type"] = "ControlAction", ["name"] = "orchestrate " + stageRun.Stage, ["instrument"] = Ref(StepId(stageRun.Stage!)), ["object"] = Ref(ActionId(stageRun.RunId)) });
                    controls.Add((JsonNode)Ref(control));
                }

                Add(new JsonObject
                {
                    ["@id"] = "#organize-" + run.RunId,
                    ["@type"] = "OrganizeAction",
                    ["name"] = "ariadne repro",
                    ["instrument"] = Ref("#ariadne"),
                    ["agent"] = Ref(PersonId(run.User)),
                    ["startTime"] = Iso(run.StartTime),
                    ["object"] = controls,
                    ["result"] = Ref(ActionId(run.RunId)),
                });
            }
            else if (!hasWorkflow || run.Stage is null)
            {
                root["mentions"]!.AsArray().Add((JsonNode)Ref(ActionId(run.RunId)));
            }
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/ro/crate/1.1/context", "https://w3id.org/ro/terms/workflow-run/context"),
            ["@graph"] = new JsonArray([.. _entities.Values]),
        };
    }

    /// <summary>A registered model version as a contextual entity the run's action resulted in (its files are the run's outputs).</summary>
    private string AddModel(LineageModel model, JsonObject root)
    {
        var id = $"#model-{Uri.EscapeDataString(model.Name)}-{model.Version}";
        if (!_entities.ContainsKey(id))
        {
            Add(new JsonObject
            {
                ["@id"] = id,
                ["@type"] = "CreativeWork",
                ["name"] = $"{model.Name} version {model.Version}",
                ["identifier"] = $"models:/{model.Name}/{model.Version}",
                ["alternateName"] = model.Uri,
                ["version"] = model.Version,
                ["description"] = $"Registered model version, from run {model.RunId}.",
            });
            root["mentions"]!.AsArray().Add((JsonNode)Ref(id));
        }

        return id;
    }

    private void AddData(LineageData data, JsonObject root)
    {
        var name = Path.GetFileName(data.Label.TrimEnd('/'));
        var inCache = workspace is not null && ContentHash.TryParse(data.Hash, out var hash) && workspace.Cache.Contains(hash);
        if (data.IsFolder && inCache)
        {
            FolderManifest manifest;
            try
            {
                manifest = FolderManifest.Load(workspace!.Cache, ContentHash.Parse(data.Hash));
            }
            catch (AriadneException)
            {
                manifest = new FolderManifest([]);
            }

            var id = $"data/{data.Hash}/{name}/";
            var parts = new JsonArray();
            foreach (var entry in manifest.Entries.Where(e => workspace!.Cache.Contains(e.Hash)))
            {
                var fileId = id + entry.Path;
                _copies.Add((workspace!.Cache.PathOf(entry.Hash), fileId));
                Add(new JsonObject { ["@id"] = fileId, ["@type"] = "File", ["name"] = entry.Path, ["contentSize"] = entry.Size.ToString(CultureInfo.InvariantCulture), ["identifier"] = "blake3:" + entry.Hash.Hex });
                parts.Add((JsonNode)Ref(fileId));
            }

            Add(Describe(new JsonObject { ["@id"] = id, ["@type"] = "Dataset", ["hasPart"] = parts }, data));
            _dataIds[data.Id] = id;
        }
        else if (inCache && !data.IsFolder)
        {
            var id = $"data/{data.Hash}/{name}";
            _copies.Add((workspace!.Cache.PathOf(ContentHash.Parse(data.Hash)), id));
            Add(Describe(new JsonObject { ["@id"] = id, ["@type"] = "File" }, data));
            _dataIds[data.Id] = id;
        }
        else
        {
            // Bytes not here (another machine's cache, a gap): described by hash, not included.
            var id = "#blake3-" + data.Hash;
            Add(Describe(new JsonObject { ["@id"] = id, ["@type"] = data.IsFolder ? "Dataset" : "File", ["description"] = "Not in the local cache: described by its hash, bytes not included." }, data));
            _dataIds[data.Id] = id;
            return;
        }

        root["hasPart"]!.AsArray().Add((JsonNode)Ref(_dataIds[data.Id]));
    }

    private static JsonObject Describe(JsonObject entity, LineageData data)
    {
        entity["name"] = data.Label;
        entity["identifier"] = "blake3:" + data.Hash;
        if (data.Size is { } size)
        {
            entity["contentSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        if (data.Paths.Count > 0)
        {
            entity["alternateName"] = new JsonArray([.. data.Paths.Select(p => (JsonNode)p)]);
        }

        var origin = data.Origin switch
        {
            DataOrigin.Pointer => "raw data tracked by " + string.Join(", ", data.Pointers.Select(p => p.Path + (p.Commits.Count > 0 ? " (git " + p.Commits[0].Commit + ")" : ""))),
            DataOrigin.Git => "in git at commit " + data.GitCommit,
            DataOrigin.Gap => "GAP: " + data.GapReason,
            _ => null,
        };
        if (origin is not null || data.Datasets.Count > 0)
        {
            entity["description"] = string.Join("; ", new[] { entity["description"]?.GetValue<string>(), origin, data.Datasets.Count > 0 ? "dataset " + string.Join(", ", data.Datasets) : null }.Where(s => s is not null));
        }

        return entity;
    }

    private JsonObject Add(JsonObject entity)
    {
        _entities[entity["@id"]!.GetValue<string>()] = entity;
        return entity;
    }

    private static JsonObject Ref(string id) => new() { ["@id"] = id };

    private static JsonArray Refs(IEnumerable<string> ids) => new([.. ids.Select(id => (JsonNode)Ref(id))]);

    private static string ActionId(string runId) => "#run-" + runId;

    private static string ToolId(string stage) => "#stage-" + Uri.EscapeDataString(stage);

    private static string StepId(string stage) => "#step-" + Uri.EscapeDataString(stage);

    private static string PersonId(string user) => "#person-" + Uri.EscapeDataString(user);

    private static string Iso(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
