using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Lineage;

namespace Ariadne.Provenance;

/// <summary>
/// Writes a lineage graph as W3C PROV-JSON (docs/lineage.md): data as entities (<c>blake3:HASH</c>), runs as
/// activities (<c>run:ID</c>) with their times, command, params and git commit, users as agents, and the relations
/// used, wasGeneratedBy, wasAssociatedWith, wasDerivedFrom (each output from each input of the run that wrote it,
/// and a file from the folder that holds it) and wasInformedBy (a stage run by its pipeline run).
/// </summary>
internal static class ProvJsonExport
{
    public const string Namespace = "https://w3id.org/ariadne/prov#";

    public static string Write(LineageGraph graph)
    {
        var entities = new JsonObject();
        var activities = new JsonObject();
        var agents = new JsonObject();
        var used = new JsonObject();
        var generated = new JsonObject();
        var associated = new JsonObject();
        var derived = new JsonObject();
        var informed = new JsonObject();
        foreach (var data in graph.Data.OrderBy(d => d.Hash, StringComparer.Ordinal))
        {
            var entity = new JsonObject
            {
                ["prov:label"] = data.Label,
                ["prov:type"] = Qualified(data.IsFolder ? "ariadne:Folder" : "ariadne:File"),
                ["ariadne:origin"] = LineageJson.OriginName(data.Origin),
            };
            if (data.Size is { } size)
            {
                entity["ariadne:size"] = size;
            }

            if (data.Pointers.Count > 0)
            {
                entity["ariadne:pointer"] = string.Join(", ", data.Pointers.Select(p => p.Path));
            }

            if (data.GapReason is { } gap)
            {
                entity["ariadne:gap"] = gap;
            }

            entities[EntityId(data.Hash)] = entity;
        }

        foreach (var model in graph.Models)
        {
            entities["ariadne:model-" + model.Name + "-" + model.Version] = new JsonObject { ["prov:label"] = model.Uri, ["prov:type"] = Qualified("ariadne:ModelVersion") };
        }

        foreach (var run in graph.Runs.OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal))
        {
            var activity = new JsonObject
            {
                ["prov:startTime"] = Iso(run.StartTime),
                ["prov:label"] = run.Label,
                ["ariadne:status"] = run.Status,
            };
            if (run.EndTime is { } end)
            {
                activity["prov:endTime"] = Iso(end);
            }

            if (run.Command is { } command)
            {
                activity["ariadne:command"] = command;
            }

            if (run.GitCommit is { } commit)
            {
                activity["ariadne:gitCommit"] = commit;
                activity["ariadne:gitDirty"] = run.GitDirty == true;
            }

            foreach (var (key, value) in run.Params.Concat(run.Seeds))
            {
                activity["ariadne:param-" + LocalName(key)] = value;
            }

            activities[ActivityId(run.RunId)] = activity;
            var agent = "ariadne:user-" + LocalName(run.User);
            agents[agent] = new JsonObject { ["prov:type"] = Qualified("prov:Person"), ["prov:label"] = run.User };
            associated[$"_:assoc-{run.RunId}"] = new JsonObject { ["prov:activity"] = ActivityId(run.RunId), ["prov:agent"] = agent };
            if (run.ParentRunId is { } parent && graph.HasRun(parent))
            {
                informed[$"_:informed-{run.RunId}"] = new JsonObject { ["prov:informed"] = ActivityId(run.RunId), ["prov:informant"] = ActivityId(parent) };
            }
        }

        var edges = graph.Edges;
        var index = 0;
        foreach (var edge in edges)
        {
            index++;
            switch (edge.Kind)
            {
                case LineageEdgeKind.Used:
                    var use = new JsonObject { ["prov:activity"] = ActivityId(edge.To[4..]), ["prov:entity"] = EntityId(edge.From[5..]) };
                    if (edge.Role is { } role)
                    {
                        use["prov:role"] = role;
                    }

                    used[$"_:used-{index}"] = use;
                    break;
                case LineageEdgeKind.Generated:
                    generated[$"_:gen-{index}"] = new JsonObject { ["prov:entity"] = EntityId(edge.To[5..]), ["prov:activity"] = ActivityId(edge.From[4..]) };
                    foreach (var input in edges.Where(e => e.Kind == LineageEdgeKind.Used && e.To == edge.From))
                    {
                        derived[$"_:der-{index}-{derived.Count}"] = new JsonObject
                        {
                            ["prov:generatedEntity"] = EntityId(edge.To[5..]),
                            ["prov:usedEntity"] = EntityId(input.From[5..]),
                            ["prov:activity"] = ActivityId(edge.From[4..]),
                        };
                    }

                    break;
                case LineageEdgeKind.PartOf:
                    derived[$"_:part-{index}"] = new JsonObject { ["prov:generatedEntity"] = EntityId(edge.To[5..]), ["prov:usedEntity"] = EntityId(edge.From[5..]) };
                    break;
                case LineageEdgeKind.Registered:
                    var model = graph.Models.First(m => m.Id == edge.To);
                    generated[$"_:gen-{index}"] = new JsonObject { ["prov:entity"] = "ariadne:model-" + model.Name + "-" + model.Version, ["prov:activity"] = ActivityId(edge.From[4..]) };
                    break;
                default:
                    break; // Contains: wasInformedBy above.
            }
        }

        var document = new JsonObject
        {
            ["prefix"] = new JsonObject
            {
                ["ariadne"] = Namespace,
                ["blake3"] = "urn:blake3:",
                ["run"] = "urn:ariadne:run:",
            },
            ["entity"] = entities,
            ["activity"] = activities,
            ["agent"] = agents,
            ["used"] = used,
            ["wasGeneratedBy"] = generated,
            ["wasAssociatedWith"] = associated,
            ["wasDerivedFrom"] = derived,
            ["wasInformedBy"] = informed,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string EntityId(string hash) => "blake3:" + hash;

    private static string ActivityId(string runId) => "run:" + runId;

    private static JsonObject Qualified(string name) => new() { ["$"] = name, ["type"] = "prov:QUALIFIED_NAME" };

    /// <summary>A name made safe as the local part of a qualified name: letters, digits, '-', '_' and '.' stay, the rest become '_'.</summary>
    private static string LocalName(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string Iso(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
