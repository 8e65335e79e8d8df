using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Pipelines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Monitoring;

/// <summary>
/// Reads the <c>monitor:</c> section of <c>ariadne.yaml</c> (the pipeline parser leaves it alone), collecting every
/// problem with its line and a "did you mean" where a name is misspelt:
/// <code>
/// monitor:
///   model: models:/weather@champion
///   window: 1d
///   reference: data/train.csv      # optional: else the version's training data
///   rules:
///     - name: drift
///       when: drift_share > 0.3
///       over: 1d
///       actions: [exit, {webhook: http://127.0.0.1:9000/alerts}, {log: alerts.log}]
/// </code>
/// </summary>
internal sealed partial class MonitorConfigParser(string displayName)
{
    private static readonly string[] SectionKeys = ["model", "window", "reference", "rules"];
    private static readonly string[] RuleKeys = ["name", "when", "over", "actions"];
    private static readonly string[] ActionKinds = ["exit", "webhook", "log"];
    private static readonly string[] Metrics = ["rows", "drift_share", "prediction_drift", "prediction_drifted", "labelled_rows", "accuracy", "f1", "auc", "rmse", "mae"];

    private readonly List<(int Line, string Message)> _problems = [];

    /// <summary>Reads <paramref name="path"/>; null when the file has no <c>monitor:</c> section. Problems throw MalformedConfig listing each with its line.</summary>
    public static MonitorConfig? Read(string path)
    {
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(path);
        }

        return new MonitorConfigParser(Path.GetFileName(path)).Parse(File.ReadAllText(path), path);
    }

    public MonitorConfig? Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException) when (Schedules.ScheduleParser.RepeatedKeys(text) is { Count: > 0 } repeated)
        {
            foreach (var (line, key, first) in repeated)
            {
                _problems.Add((line, $"'{key}' is written twice in one mapping (first on line {first}); keep one"));
            }

            throw Error();
        }
        catch (YamlException e)
        {
            _problems.Add(((int)Math.Max(1, e.Start.Line), $"not valid YAML: {(e.InnerException?.Message ?? e.Message).Replace("\r", "", StringComparison.Ordinal)}. Check the indentation and quoting on this line and the one above it"));
            throw Error();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet refuses a key written twice in one mapping without saying where: find it.
            var repeated = Schedules.ScheduleParser.RepeatedKeys(text);
            if (repeated.Count == 0)
            {
                _problems.Add((1, $"not valid YAML: {e.Message}. Check brackets, quotes and keys written twice"));
            }

            foreach (var (line, key, first) in repeated)
            {
                _problems.Add((line, $"'{key}' is written twice in one mapping (first on line {first}); keep one"));
            }

            throw Error();
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("monitor"), out var sectionNode))
        {
            return null;
        }

        if (sectionNode is not YamlMappingNode section)
        {
            Problem(sectionNode, "'monitor:' must be a mapping with model, window, reference and rules");
            throw Error();
        }

        string? model = null, reference = null;
        var window = MonitorWindow.Day;
        var rules = new List<AlertRule>();
        foreach (var (key, value) in section.Children)
        {
            var name = Scalar(key) ?? "";
            switch (name)
            {
                case "model":
                    model = Text(value, "'model' must be a model URI such as models:/weather@champion");
                    if (model is not null && !Registry.ModelUri.IsModelUri(model) && !model.Contains('@', StringComparison.Ordinal) && !model.Contains('/', StringComparison.Ordinal))
                    {
                        Problem(value, $"'model: {model}' is not a model URI; write models:/NAME@ALIAS or models:/NAME/VERSION");
                    }

                    break;
                case "window":
                    window = Window(value) ?? window;
                    break;
                case "reference":
                    reference = Text(value, "'reference' must be a data file path");
                    break;
                case "rules":
                    if (value is YamlSequenceNode list)
                    {
                        foreach (var item in list)
                        {
                            if (Rule(item) is { } rule)
                            {
                                rules.Add(rule);
                            }
                        }
                    }
                    else
                    {
                        Problem(value, "'rules' must be a list of rules, each starting with '- name:'");
                    }

                    break;
                default:
                    Problem(key, $"'monitor:' has an unknown key '{name}'{Suggest(name, SectionKeys)}. Known keys: {string.Join(", ", SectionKeys)}");
                    break;
            }
        }

        foreach (var duplicate in rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _problems.Add((duplicate.Last().Line, $"rule '{duplicate.Key}' is defined more than once; give each rule its own name"));
        }

        if (_problems.Count > 0)
        {
            throw Error();
        }

        return new MonitorConfig(file, model, window, reference, rules);
    }

    private AlertRule? Rule(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Problem(node, "a rule must be a mapping: '- name: drift', 'when: drift_share > 0.3', 'actions: [exit]'");
            return null;
        }

        string? name = null, metric = null, op = null;
        double threshold = 0;
        MonitorWindow? over = null;
        var actions = new List<AlertAction>();
        var bad = false;
        foreach (var (key, value) in map.Children)
        {
            var field = Scalar(key) ?? "";
            switch (field)
            {
                case "name":
                    name = Text(value, "a rule's 'name' must be text");
                    if (name is not null && !RuleName().IsMatch(name))
                    {
                        Problem(value, $"rule name '{name}' may hold only letters, digits, '_', '-' and '.' (it becomes the tag ariadne.alert.NAME)");
                        bad = true;
                    }

                    break;
                case "when":
                    var when = Text(value, "'when' must be a condition such as 'drift_share > 0.3'") ?? "";
                    var m = Condition().Match(when);
                    if (!m.Success)
                    {
                        Problem(value, $"'when: {when}' is not a condition; write METRIC OP NUMBER, e.g. 'drift_share > 0.3' or 'accuracy < 0.9' (OP: >, >=, <, <=, ==, !=)");
                        bad = true;
                        break;
                    }

                    metric = m.Groups["metric"].Value;
                    op = m.Groups["op"].Value;
                    threshold = double.Parse(m.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (!Metrics.Contains(metric) && !metric.StartsWith("drift.", StringComparison.Ordinal) && !metric.StartsWith("drifted.", StringComparison.Ordinal))
                    {
                        Problem(value, $"unknown metric '{metric}' in 'when'{Suggest(metric, Metrics)}. Known metrics: {string.Join(", ", Metrics)}, drift.FEATURE, drifted.FEATURE");
                        bad = true;
                    }

                    break;
                case "over":
                    over = Window(value);
                    bad |= over is null;
                    break;
                case "actions":
                    if (value is YamlSequenceNode list)
                    {
                        foreach (var item in list)
                        {
                            if (Action(item) is { } action)
                            {
                                actions.Add(action);
                            }
                            else
                            {
                                bad = true;
                            }
                        }
                    }
                    else if (Action(value) is { } single)
                    {
                        actions.Add(single);
                    }
                    else
                    {
                        bad = true;
                    }

                    break;
                default:
                    Problem(key, $"a rule has an unknown field '{field}'{Suggest(field, RuleKeys)}. Known fields: {string.Join(", ", RuleKeys)}");
                    bad = true;
                    break;
            }
        }

        if (name is null)
        {
            Problem(map, "a rule has no 'name'; add e.g. 'name: drift'");
            return null;
        }

        if (metric is null && !bad)
        {
            Problem(map, $"rule '{name}' has no 'when'; add a condition such as 'when: drift_share > 0.3'");
            return null;
        }

        if (actions.Count == 0 && !bad)
        {
            Problem(map, $"rule '{name}' has no 'actions'; add e.g. 'actions: [exit]' (exit, webhook: URL, log: FILE)");
            return null;
        }

        return bad || metric is null || op is null ? null : new AlertRule(name, metric, op, threshold, over, actions, (int)map.Start.Line);
    }

    private AlertAction? Action(YamlNode node)
    {
        var line = (int)node.Start.Line;
        if (node is YamlScalarNode scalar)
        {
            if (scalar.Value == "exit")
            {
                return new AlertAction(AlertActionKind.Exit, null, line);
            }

            Problem(node, $"unknown action '{scalar.Value}'{Suggest(scalar.Value ?? "", ActionKinds)}. Actions: exit, webhook: URL, log: FILE");
            return null;
        }

        if (node is YamlMappingNode map && map.Children.Count == 1)
        {
            var (key, value) = map.Children.First();
            var kind = Scalar(key) ?? "";
            var target = Scalar(value);
            switch (kind)
            {
                case "webhook" when target is not null && Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps):
                    return new AlertAction(AlertActionKind.Webhook, target, line);
                case "webhook":
                    Problem(value, $"'webhook: {target}' is not an http(s) URL; write e.g. 'webhook: https://hooks.example.org/alerts'");
                    return null;
                case "log" when !string.IsNullOrWhiteSpace(target):
                    return new AlertAction(AlertActionKind.Log, target, line);
                case "log":
                    Problem(value, "'log' needs a file path, e.g. 'log: alerts.log'");
                    return null;
                case "exit":
                    return new AlertAction(AlertActionKind.Exit, null, line);
                default:
                    Problem(key, $"unknown action '{kind}'{Suggest(kind, ActionKinds)}. Actions: exit, webhook: URL, log: FILE");
                    return null;
            }
        }

        Problem(node, "an action is 'exit', 'webhook: URL' or 'log: FILE'");
        return null;
    }

    private MonitorWindow? Window(YamlNode node)
    {
        var text = Scalar(node);
        try
        {
            return MonitorWindow.Parse(text ?? "");
        }
        catch (AriadneException e)
        {
            Problem(node, e.Message.TrimEnd('.'));
            return null;
        }
    }

    private string? Text(YamlNode node, string problem)
    {
        if (Scalar(node) is { Length: > 0 } text)
        {
            return text;
        }

        Problem(node, problem);
        return null;
    }

    private static string Suggest(string wanted, IEnumerable<string> known) =>
        Suggestions.Closest(wanted, known) is { } close ? $" (did you mean '{close}'?)" : "";

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private void Problem(YamlNode node, string message) => _problems.Add(((int)Math.Max(1, node.Start.Line), message));

    private AriadneException Error()
    {
        var lines = _problems.Distinct().OrderBy(p => p.Line).Select(p => $"{displayName}:{p.Line}: {p.Message}.").ToList();
        return new AriadneException(ErrorCode.MalformedConfig, lines.Count == 1
            ? $"The monitor: section is invalid: {lines[0]} Fix it and run the command again."
            : $"The monitor: section has {lines.Count} problems:\n  {string.Join("\n  ", lines)}\nFix them and run the command again.");
    }

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z_][\w.\-]*)\s*(?<op>>=|<=|==|!=|>|<)\s*(?<number>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$")]
    private static partial Regex Condition();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex RuleName();
}
