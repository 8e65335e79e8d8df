using System.Text.RegularExpressions;
using Ariadne.Pipelines;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Schedules;

/// <summary>
/// Reads the <c>schedules:</c> section of <c>ariadne.yaml</c> (the pipeline parser leaves it alone): a mapping of
/// schedule names to one action (<c>pipeline: true</c>, <c>stage: NAME</c>, <c>monitor: check</c> or
/// <c>command: "..."</c>) and one trigger (<c>cron: "..."</c> with an optional <c>timezone:</c>, or
/// <c>on_dataset: NAME_OR_PATH</c>). Every problem is collected with its line and a suggestion, so one run of the
/// parser reports them all.
/// </summary>
internal sealed partial class ScheduleParser(string displayName)
{
    private static readonly string[] ActionKeys = ["pipeline", "stage", "monitor", "command"];
    private static readonly string[] TriggerKeys = ["cron", "on_dataset"];
    private static readonly string[] Keys = [.. ActionKeys, .. TriggerKeys, "timezone", "timeout"];

    private readonly List<ScheduleProblem> _problems = [];

    public IReadOnlyList<ScheduleProblem> Problems => _problems;

    /// <summary>The schedules in <paramref name="text"/> (the whole <c>ariadne.yaml</c>); none when it has no <c>schedules:</c>.</summary>
    public List<Schedule> Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException) when (RepeatedKeys(text) is { Count: > 0 } repeated)
        {
            foreach (var (line, key, first) in repeated)
            {
                Problem(line, $"'{key}' is written twice in one mapping (first on line {first})", "Keep one of them; two schedules need two names");
            }

            return [];
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Replace("\r", "", StringComparison.Ordinal);
            Problem((int)e.Start.Line, $"not valid YAML: {message}", "Check the indentation and quoting on this line and the one above it (YAML indents with spaces only)");
            return [];
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var repeated = RepeatedKeys(text);
            if (repeated.Count == 0)
            {
                Problem(1, $"not valid YAML: {e.Message}", "Check brackets, quotes and repeated keys");
            }

            foreach (var (line, key, first) in repeated)
            {
                Problem(line, $"'{key}' is written twice in one mapping (first on line {first})", "Keep one of them; two schedules need two names");
            }

            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("schedules"), out var section))
        {
            return [];
        }

        if (section is YamlScalarNode { Value: null or "" or "~" })
        {
            return [];
        }

        if (section is not YamlMappingNode schedules)
        {
            Problem(section, "'schedules' must be a mapping of schedule names to schedules", "Write each schedule as 'name:' indented under 'schedules:', e.g. 'schedules:\\n  nightly:\\n    pipeline: true\\n    cron: \"0 6 * * *\"'");
            return [];
        }

        var result = new List<Schedule>();
        foreach (var (key, value) in schedules.Children)
        {
            if (One(key, value) is { } schedule)
            {
                result.Add(schedule);
            }
        }

        return result;
    }

    private Schedule? One(YamlNode key, YamlNode value)
    {
        var name = (key as YamlScalarNode)?.Value ?? "";
        if (!ScheduleName().IsMatch(name))
        {
            Problem(key, $"'{name}' is not a valid schedule name", "Use letters, digits, '.', '-' and '_' (at most 100), starting with a letter or digit");
            return null;
        }

        if (value is not YamlMappingNode body)
        {
            Problem(value, $"schedule '{name}' must be a mapping", $"Indent its action and trigger under '{name}:', e.g. '{name}:\\n    pipeline: true\\n    cron: \"0 6 * * *\"'");
            return null;
        }

        var problemsBefore = _problems.Count;
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (fieldKey, fieldValue) in body.Children)
        {
            var field = (fieldKey as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(field))
            {
                Problem(fieldKey, $"schedule '{name}' has an unknown key '{field}'",
                    Suggestions.DidYouMean(field, Keys, "A schedule has one action (pipeline, stage, monitor, command) and one trigger (cron with an optional timezone, or on_dataset)"));
                continue;
            }

            fields[field] = fieldValue;
        }

        var actions = ActionKeys.Where(fields.ContainsKey).ToList();
        var triggers = TriggerKeys.Where(fields.ContainsKey).ToList();
        if (actions.Count == 0)
        {
            Problem(key, $"schedule '{name}' has no action", "Add one of 'pipeline: true', 'stage: NAME', 'monitor: check' or 'command: \"...\"'");
        }
        else if (actions.Count > 1)
        {
            Problem(fields[actions[1]], $"schedule '{name}' has {actions.Count} actions ({string.Join(", ", actions)})", "Give each schedule one action; write a second schedule for the other");
        }

        if (triggers.Count == 0)
        {
            Problem(key, $"schedule '{name}' has no trigger", "Add 'cron: \"0 6 * * *\"' (with 'timezone:' if not UTC) or 'on_dataset: NAME'");
        }
        else if (triggers.Count > 1)
        {
            Problem(fields[triggers[1]], $"schedule '{name}' has both 'cron' and 'on_dataset'", "Give each schedule one trigger; write a second schedule for the other");
        }

        var action = actions.Count == 0 ? null : Action(name, actions[0], fields[actions[0]]);
        var zone = TimeZoneInfo.Utc;
        if (fields.TryGetValue("timezone", out var zoneNode))
        {
            if (!fields.ContainsKey("cron"))
            {
                Problem(zoneNode, $"schedule '{name}' has a 'timezone' but no 'cron'", "A time zone only applies to a cron expression; remove it or add 'cron:'");
            }

            zone = Zone(name, zoneNode) ?? zone;
        }

        TimeSpan? timeout = null;
        string? timeoutText = null;
        if (fields.TryGetValue("timeout", out var timeoutNode))
        {
            timeoutText = Text(timeoutNode)?.Trim();
            timeout = Duration(timeoutText);
            if (timeout is null)
            {
                Problem(timeoutNode, $"schedule '{name}' has a timeout '{timeoutText}' that is not a duration", "Write a number and a unit: s, m, h or d, e.g. 'timeout: 30m'");
            }
        }

        CronSchedule? cron = null;
        string? dataset = null;
        if (triggers.Count > 0 && triggers[0] == "cron")
        {
            var text = Text(fields["cron"]);
            if (string.IsNullOrWhiteSpace(text))
            {
                Problem(fields["cron"], $"schedule '{name}' has an empty 'cron'", "Write a cron expression in quotes, e.g. cron: \"0 6 * * *\" (every day at 06:00)");
            }
            else
            {
                cron = CronSchedule.TryParse(text, zone, out var problem);
                if (cron is null)
                {
                    Problem(fields["cron"], $"schedule '{name}': cron '{text}' is not valid: {problem}", "Write minute hour day-of-month month day-of-week, e.g. \"*/15 * * * *\" (every 15 minutes) or \"0 6 * * 1-5\" (06:00 on weekdays), in quotes");
                }
            }
        }
        else if (triggers.Count > 0)
        {
            dataset = Text(fields["on_dataset"]);
            if (string.IsNullOrWhiteSpace(dataset))
            {
                Problem(fields["on_dataset"], $"schedule '{name}' has an empty 'on_dataset'", "Name a dataset (as in 'ariadne datasets tag FILE NAME@VERSION') or the path of a tracked file or folder");
            }
        }

        return _problems.Count == problemsBefore && action is not null
            ? new Schedule(name, action, cron, dataset?.Trim(), (int)key.Start.Line) { Timeout = timeout, TimeoutText = timeoutText }
            : null;
    }

    /// <summary>Keys that appear twice in one mapping (YamlDotNet refuses such a document without saying where): line, key, and the line of the first.</summary>
    internal static List<(int Line, string Key, int First)> RepeatedKeys(string text)
    {
        var found = new List<(int, string, int)>();
        var frames = new Stack<(Dictionary<string, int>? Keys, bool[] ExpectKey)>();
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current;
                if (current is NodeEvent node && frames.TryPeek(out var top) && top.Keys is { } keys)
                {
                    if (top.ExpectKey[0] && node is Scalar { Value: var key } scalar)
                    {
                        var line = (int)scalar.Start.Line;
                        if (!keys.TryAdd(key, line))
                        {
                            found.Add((line, key, keys[key]));
                        }
                    }

                    top.ExpectKey[0] = !top.ExpectKey[0];
                }

                switch (current)
                {
                    case MappingStart:
                        frames.Push((new Dictionary<string, int>(StringComparer.Ordinal), [true]));
                        break;
                    case SequenceStart:
                        frames.Push((null, [false]));
                        break;
                    case MappingEnd or SequenceEnd:
                        frames.Pop();
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // A document YamlDotNet cannot even parse is reported as invalid YAML.
        }

        return found;
    }

    /// <summary>A positive duration written as a number and a unit (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>); null when it is not one.</summary>
    internal static TimeSpan? Duration(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length < 2 || !long.TryParse(t.AsSpan(0, t.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 1_000_000)
        {
            return null;
        }

        return char.ToLowerInvariant(t[^1]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }

    private ScheduleAction? Action(string name, string kind, YamlNode node)
    {
        var text = Text(node)?.Trim();
        switch (kind)
        {
            case "pipeline":
                if (text is "true")
                {
                    return new ScheduleAction(ScheduleActionKind.Pipeline);
                }

                Problem(node, $"schedule '{name}': 'pipeline' must be true, not '{text}'", "Write 'pipeline: true' to reproduce the whole pipeline, or 'stage: NAME' for one stage");
                return null;
            case "stage":
                if (!string.IsNullOrEmpty(text))
                {
                    return new ScheduleAction(ScheduleActionKind.Stage, text);
                }

                Problem(node, $"schedule '{name}' has an empty 'stage'", "Name a stage of the pipeline, e.g. 'stage: train'");
                return null;
            case "monitor":
                if (text is "check")
                {
                    return new ScheduleAction(ScheduleActionKind.MonitorCheck);
                }

                Problem(node, $"schedule '{name}': 'monitor' must be 'check', not '{text}'", Suggestions.DidYouMean(text ?? "", ["check"], "Write 'monitor: check' to evaluate the alert rules of the 'monitor:' section"));
                return null;
            default:
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return new ScheduleAction(ScheduleActionKind.Command, text);
                }

                Problem(node, $"schedule '{name}' has an empty 'command'", "Write the shell command in quotes, e.g. command: \"python export.py\"");
                return null;
        }
    }

    private TimeZoneInfo? Zone(string name, YamlNode node)
    {
        var id = Text(node)?.Trim() ?? "";
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            var known = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC");
            Problem(node, $"schedule '{name}': unknown time zone '{id}'", Suggestions.DidYouMean(id, known, "Use an IANA time zone name such as 'Europe/Berlin', 'America/New_York' or 'UTC'"));
            return null;
        }
    }

    private static string? Text(YamlNode node) => (node as YamlScalarNode)?.Value;

    private void Problem(YamlNode node, string message, string suggestion) => Problem((int)node.Start.Line, message, suggestion);

    private void Problem(int line, string message, string suggestion) => _problems.Add(new ScheduleProblem(displayName, Math.Max(1, line), message, suggestion));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ScheduleName();
}
