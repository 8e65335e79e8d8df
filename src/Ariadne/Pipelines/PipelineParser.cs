using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Pipelines;

/// <summary>
/// Reads <c>ariadne.yaml</c> into stages, expanding <c>foreach</c> and <c>matrix</c>, and collects every problem with
/// its line instead of stopping at the first. Uses YamlDotNet's representation model (no reflection), whose nodes
/// carry the line they start on.
/// </summary>
internal sealed partial class PipelineParser(string displayName, string workspaceRoot, string pipelineFolder)
{
    private static readonly string[] StageKeys = ["cmd", "deps", "params", "outs", "metrics", "plots", "wdir", "env", "retries", "timeout", "resources", "foreach", "do", "matrix", "desc", "reads_sealed"];
    private static readonly string[] ResourceKeys = ["cpus", "mem", "gpus", "time"];
    private static readonly string[] RetryKeys = ["count", "backoff"];

    private readonly List<PipelineProblem> _problems = [];

    public IReadOnlyList<PipelineProblem> Problems => _problems;

    public List<Stage> Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException) when (TabIndentedLines(text) is { Count: > 0 } tabbed)
        {
            // YamlDotNet reports a tab at the token before it, often a line early: name each tab-indented line instead.
            foreach (var tabLine in tabbed)
            {
                Problem(tabLine, "not valid YAML: a tab indents this line, and YAML indents with spaces only", "Replace the tab with spaces (set your editor to insert spaces in YAML files)");
            }

            return [];
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Replace("\r", "", StringComparison.Ordinal);
            Problem(e.Start.Line, $"not valid YAML: {message}", "Check the indentation and quoting on this line and the one above it");
            return [];
        }
        catch (InvalidOperationException)
        {
            Problem(LastReadableLine(text), "not valid YAML: a '[' or '{' is not closed, or a value holds '{', '}', '[', ']' or ','", "Close the bracket, or quote the value (e.g. \"models/${item}\")");
            return [];
        }
        catch (ArgumentException e)
        {
            Problem(1, $"not valid YAML: {e.Message}", "Remove the repeated key");
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Problem(1, "the file holds no 'stages:' mapping", "Start the file with 'stages:' and one stage under it, e.g. 'stages:\\n  train:\\n    cmd: python train.py'");
            return [];
        }

        var stages = new List<Stage>();
        YamlMappingNode? stagesNode = null;
        foreach (var (key, value) in root.Children)
        {
            var name = Scalar(key);
            if (name == "stages")
            {
                stagesNode = value as YamlMappingNode;
                if (stagesNode is null)
                {
                    Problem(value, "'stages' must be a mapping of stage names to stages", "Write each stage as 'name:' indented under 'stages:'");
                }
            }
            else
            {
                Problem(key, $"unknown top-level key '{name}'", Suggestions.DidYouMean(name ?? "", ["stages"], "The top level holds only 'stages:'"));
            }
        }

        if (stagesNode is null)
        {
            if (_problems.Count == 0)
            {
                Problem(root, "the file has no 'stages:'", "Add 'stages:' with at least one stage");
            }

            return stages;
        }

        foreach (var (key, value) in stagesNode.Children)
        {
            var name = Scalar(key) ?? "";
            if (!StageName().IsMatch(name))
            {
                Problem(key, $"stage name '{name}' is not allowed", "Use letters, digits, '_', '-' and '.' only");
                continue;
            }

            if (value is not YamlMappingNode body)
            {
                Problem(value, $"stage '{name}' must be a mapping with at least 'cmd'", $"Write '{name}:' followed by indented 'cmd: ...'");
                continue;
            }

            stages.AddRange(Expand(name, (int)key.Start.Line, body));
        }

        foreach (var duplicate in stages.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem(duplicate.Last().Line, $"stage '{duplicate.Key}' appears more than once after foreach/matrix expansion", "Make the expanded names distinct (each item or matrix combination must differ)");
        }

        return stages;
    }

    private IEnumerable<Stage> Expand(string name, int line, YamlMappingNode body)
    {
        var foreachNode = Child(body, "foreach");
        var matrixNode = Child(body, "matrix");
        if (foreachNode is not null && matrixNode is not null)
        {
            Problem(matrixNode, $"stage '{name}' has both 'foreach' and 'matrix'", "Use one of them");
            yield break;
        }

        if (foreachNode is not null)
        {
            if (Child(body, "do") is not YamlMappingNode doNode)
            {
                Problem(foreachNode, $"stage '{name}' has 'foreach' but no 'do:' mapping", "Put the stage's fields (cmd, deps, outs, ...) under 'do:'");
                yield break;
            }

            foreach (var (key, _) in body.Children)
            {
                if (Scalar(key) is not ("foreach" or "do" or "desc"))
                {
                    Problem(key, $"'{Scalar(key)}' of a foreach stage belongs under 'do:'", "Move it under 'do:'");
                }
            }

            foreach (var (suffix, vars) in ForeachItems(name, foreachNode))
            {
                yield return ParseBody($"{name}@{suffix}", line, doNode, vars);
            }

            yield break;
        }

        if (matrixNode is not null)
        {
            foreach (var (suffix, vars) in MatrixItems(name, matrixNode))
            {
                yield return ParseBody($"{name}@{suffix}", line, body, vars);
            }

            yield break;
        }

        if (Child(body, "do") is { } stray)
        {
            Problem(stray, $"stage '{name}' has 'do:' without 'foreach:'", "Add 'foreach:' with the items, or move the fields up");
        }

        yield return ParseBody(name, line, body, null);
    }

    private List<(string Suffix, Dictionary<string, string> Vars)> ForeachItems(string name, YamlNode node)
    {
        var items = new List<(string, Dictionary<string, string>)>();
        switch (node)
        {
            case YamlSequenceNode sequence when sequence.Children.Count > 0:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    var vars = new Dictionary<string, string>(StringComparer.Ordinal) { ["item"] = ParamsFile.Canonical(item) };
                    AddFields(vars, "item", item);
                    items.Add((item is YamlScalarNode s ? SafeSuffix(s.Value ?? "") : i.ToString(CultureInfo.InvariantCulture), vars));
                }

                break;
            case YamlMappingNode map when map.Children.Count > 0:
                foreach (var (key, value) in map.Children)
                {
                    var keyText = Scalar(key) ?? "";
                    var vars = new Dictionary<string, string>(StringComparer.Ordinal) { ["key"] = keyText, ["item"] = ParamsFile.Canonical(value) };
                    AddFields(vars, "item", value);
                    items.Add((SafeSuffix(keyText), vars));
                }

                break;
            default:
                Problem(node, $"'foreach' of stage '{name}' must be a non-empty list or mapping", "List the items, e.g. 'foreach: [small, large]'");
                break;
        }

        return items;
    }

    private List<(string Suffix, Dictionary<string, string> Vars)> MatrixItems(string name, YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            Problem(node, $"'matrix' of stage '{name}' must map names to lists of values", "e.g. 'matrix:\\n  model: [cnn, rnn]\\n  lr: [0.1, 0.01]'");
            return [];
        }

        var combos = new List<(string Suffix, Dictionary<string, string> Vars)> { ("", new Dictionary<string, string>(StringComparer.Ordinal)) };
        foreach (var (key, value) in map.Children)
        {
            var keyText = Scalar(key) ?? "";
            if (value is not YamlSequenceNode { Children.Count: > 0 } values)
            {
                Problem(value, $"matrix entry '{keyText}' of stage '{name}' must be a non-empty list", $"Write '{keyText}: [a, b]'");
                return [];
            }

            var next = new List<(string, Dictionary<string, string>)>();
            foreach (var (suffix, vars) in combos)
            {
                foreach (var v in values.Children)
                {
                    var copy = new Dictionary<string, string>(vars, StringComparer.Ordinal) { ["item." + keyText] = ParamsFile.Canonical(v) };
                    AddFields(copy, "item." + keyText, v);
                    next.Add((suffix.Length == 0 ? SafeSuffix(ParamsFile.Canonical(v)) : suffix + "-" + SafeSuffix(ParamsFile.Canonical(v)), copy));
                }
            }

            combos = next;
        }

        return combos;
    }

    private static void AddFields(Dictionary<string, string> vars, string prefix, YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                var name = prefix + "." + (Scalar(key) ?? "");
                vars[name] = ParamsFile.Canonical(value);
                AddFields(vars, name, value);
            }
        }
    }

    private static string SafeSuffix(string value) => SuffixCharacters().Replace(value, "_");

    private Stage ParseBody(string name, int line, YamlMappingNode body, Dictionary<string, string>? vars)
    {
        foreach (var (key, _) in body.Children)
        {
            var field = Scalar(key) ?? "";
            if (!StageKeys.Contains(field) || (vars is not null && field is "foreach" or "do"))
            {
                if (!(vars is not null && field == "matrix"))
                {
                    Problem(key, $"stage '{name}' has an unknown field '{field}'", Suggestions.DidYouMean(field, StageKeys, $"Known fields: {string.Join(", ", StageKeys)}"));
                }
            }
        }

        string Sub(YamlScalarNode node) => Substitute(node, vars);

        var commands = new List<string>();
        switch (Child(body, "cmd"))
        {
            case null:
                Problem(line, $"stage '{name}' has no 'cmd'", "Add 'cmd:' with the command to run (one line, or a list of lines run in order)");
                break;
            case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                commands.Add(Sub(scalar));
                break;
            case YamlSequenceNode sequence when sequence.Children.Count > 0:
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } } s)
                    {
                        commands.Add(Sub(s));
                    }
                    else
                    {
                        Problem(item, $"each command of stage '{name}' must be a line of text", "Quote the command if it contains ': ' or starts with a special character");
                    }
                }

                break;
            case var other:
                Problem(other, $"'cmd' of stage '{name}' must be a command or a list of commands", "e.g. 'cmd: python train.py'");
                break;
        }

        var wdir = "";
        var wdirFull = pipelineFolder;
        if (Child(body, "wdir") is { } wdirNode)
        {
            if (wdirNode is YamlScalarNode s && ResolvePath(name, s, Sub(s), allowRoot: true) is { } resolved)
            {
                wdir = resolved == "." ? "" : resolved;
                wdirFull = Path.Combine(workspaceRoot, wdir);
                if (!Directory.Exists(wdirFull))
                {
                    Problem(s, $"'wdir' of stage '{name}' is '{Sub(s)}', which is not a folder in the workspace", "Create the folder, or correct the path (relative to the folder of the pipeline file); Ariadne does not create it");
                }
            }
            else if (wdirNode is not YamlScalarNode)
            {
                Problem(wdirNode, $"'wdir' of stage '{name}' must be a folder path", "e.g. 'wdir: src'");
            }
        }

        List<StagePath> Paths(string field)
        {
            var result = new List<StagePath>();
            foreach (var node in List(name, body, field))
            {
                if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { Length: > 0 } } typed && NotAPath(typed.Value) is { } kind)
                {
                    Problem(typed, $"'{field}' of stage '{name}' holds the {kind} '{typed.Value}', not a path", $"Write the path; if a file is really named '{typed.Value}', quote it: {field}: ['{typed.Value}']");
                }
                else if (node is YamlScalarNode { Value: { Length: > 0 } } s)
                {
                    var text = Sub(s);
                    if (ResolvePath(name, s, text, allowRoot: false, relativeTo: wdirFull) is { } resolved)
                    {
                        if (result.Any(p => p.Path == resolved))
                        {
                            Problem(s, $"stage '{name}' lists '{text}' twice in '{field}'", "Remove the repeated entry");
                        }
                        else
                        {
                            result.Add(new StagePath(resolved, (int)s.Start.Line));
                        }
                    }
                }
                else
                {
                    Problem(node, $"each entry of '{field}' in stage '{name}' must be a path", "Write one path per '- ' line");
                }
            }

            return result;
        }

        var deps = Paths("deps");
        var outs = Paths("outs");
        var metrics = Paths("metrics");
        var plots = Paths("plots");
        var parameters = Params(name, body, wdirFull, Sub);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(body, "env") is { } envNode)
        {
            if (envNode is YamlMappingNode envMap)
            {
                foreach (var (key, value) in envMap.Children)
                {
                    if (Scalar(key) is { Length: > 0 } k && value is YamlScalarNode v)
                    {
                        environment[k] = Sub(v);
                    }
                    else
                    {
                        Problem(key, $"'env' of stage '{name}' must map variable names to values", "e.g. 'env:\\n  OMP_NUM_THREADS: \"4\"'");
                    }
                }
            }
            else
            {
                Problem(envNode, $"'env' of stage '{name}' must be a mapping", "e.g. 'env:\\n  OMP_NUM_THREADS: \"4\"'");
            }
        }

        var retries = Retries(name, Child(body, "retries"), Sub);
        TimeSpan? timeout = null;
        if (Child(body, "timeout") is { } timeoutNode)
        {
            timeout = Duration(name, "timeout", timeoutNode, Sub);
            if (timeout is { } t && t <= TimeSpan.Zero)
            {
                Problem(timeoutNode, $"'timeout' of stage '{name}' must be more than zero", "e.g. 'timeout: 30m'");
            }
        }

        var resources = Resources(name, Child(body, "resources"), Sub);

        var readsSealed = false;
        if (Child(body, "reads_sealed") is { } sealedNode)
        {
            if (sealedNode is YamlScalarNode sealedScalar && Sub(sealedScalar) is "true" or "false")
            {
                readsSealed = Sub(sealedScalar) == "true";
            }
            else
            {
                Problem(sealedNode, $"'reads_sealed' of stage '{name}' must be true or false", "Write 'reads_sealed: true' on a stage that scores a sealed test set, so experiments and sweeps leave it out");
            }
        }

        // Returned even with problems (the file is refused all the same), so the whole-pipeline checks still see the
        // stage's outputs and report their own problems in the same message.
        return new Stage(name, line, commands, deps, parameters, outs, metrics, plots, wdir, environment, retries, timeout, resources, readsSealed);
    }

    private List<ParamReference> Params(string name, YamlMappingNode body, string wdirFull, Func<YamlScalarNode, string> sub)
    {
        var result = new List<ParamReference>();
        var defaultFile = Path.Combine(wdirFull, ParamsFile.DefaultName);
        void Add(string file, YamlScalarNode node, string key)
        {
            var relative = Path.GetRelativePath(workspaceRoot, file).Replace('\\', '/');
            if (result.Any(p => p.File == relative && p.Key == key))
            {
                Problem(node, $"stage '{name}' lists param '{key}' twice", "Remove the repeated entry");
                return;
            }

            result.Add(new ParamReference(relative, key, (int)node.Start.Line));
        }

        foreach (var node in List(name, body, "params"))
        {
            switch (node)
            {
                case YamlScalarNode { Value: { Length: > 0 } } scalar:
                    var text = sub(scalar);
                    var colon = text.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && IsParamsFileName(text[..colon]))
                    {
                        Add(Path.GetFullPath(Path.Combine(wdirFull, text[..colon])), scalar, text[(colon + 1)..]);
                    }
                    else
                    {
                        Add(defaultFile, scalar, text);
                    }

                    break;
                case YamlMappingNode map:
                    foreach (var (fileNode, keys) in map.Children)
                    {
                        var file = Path.GetFullPath(Path.Combine(wdirFull, Scalar(fileNode) ?? ""));
                        IReadOnlyList<YamlNode> keyNodes = keys switch
                        {
                            YamlSequenceNode seq => [.. seq.Children],
                            YamlScalarNode s => [s],
                            _ => Array.Empty<YamlNode>(),
                        };
                        if (keyNodes.Count == 0)
                        {
                            Problem(fileNode, $"params file '{Scalar(fileNode)}' of stage '{name}' lists no keys", $"List the keys: '- {Scalar(fileNode)}: [lr, epochs]'");
                        }

                        foreach (var keyNode in keyNodes)
                        {
                            if (keyNode is YamlScalarNode { Value: { Length: > 0 } } k)
                            {
                                Add(file, k, sub(k));
                            }
                        }
                    }

                    break;
                default:
                    Problem(node, $"each entry of 'params' in stage '{name}' must be a key, 'file.yaml:key', or 'file.yaml: [keys]'", "e.g. '- train.lr'");
                    break;
            }
        }

        return result;
    }

    /// <summary>What an unquoted YAML value is when it is a number, boolean or null rather than text; null for text.</summary>
    private static string? NotAPath(string value) =>
        value is "true" or "false" or "True" or "False" or "TRUE" or "FALSE" ? "boolean"
        : value is "null" or "Null" or "NULL" or "~" ? "null value"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || value is ".inf" or "-.inf" or ".nan" ? "number"
        : null;

    private static bool IsParamsFileName(string text) =>
        text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private RetryPolicy Retries(string name, YamlNode? node, Func<YamlScalarNode, string> sub)
    {
        switch (node)
        {
            case null:
                return RetryPolicy.None;
            case YamlScalarNode scalar:
                return new RetryPolicy(Count(name, scalar, sub), TimeSpan.FromSeconds(1));
            case YamlMappingNode map:
                foreach (var (key, _) in map.Children)
                {
                    if (!RetryKeys.Contains(Scalar(key)))
                    {
                        Problem(key, $"'retries' of stage '{name}' has an unknown field '{Scalar(key)}'", Suggestions.DidYouMean(Scalar(key) ?? "", RetryKeys, "Use 'count' and 'backoff'"));
                    }
                }

                var count = Child(map, "count") is YamlScalarNode c ? Count(name, c, sub) : 0;
                var backoff = Child(map, "backoff") is { } b ? Duration(name, "retries.backoff", b, sub) ?? TimeSpan.Zero : TimeSpan.FromSeconds(1);
                return new RetryPolicy(count, backoff);
            default:
                Problem(node, $"'retries' of stage '{name}' must be a number or a mapping", "e.g. 'retries: 2' or 'retries: {count: 2, backoff: 10s}'");
                return RetryPolicy.None;
        }
    }

    private int Count(string name, YamlScalarNode node, Func<YamlScalarNode, string> sub)
    {
        if (int.TryParse(sub(node), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100)
        {
            return count;
        }

        Problem(node, $"retry count of stage '{name}' must be a whole number from 0 to 100, not '{node.Value}'", "e.g. 'retries: 2'");
        return 0;
    }

    private TimeSpan? Duration(string name, string field, YamlNode node, Func<YamlScalarNode, string> sub)
    {
        if (node is YamlScalarNode scalar && DurationText.TryParseDuration(sub(scalar), out var value))
        {
            return value;
        }

        Problem(node, $"'{field}' of stage '{name}' must be a duration, not '{(node as YamlScalarNode)?.Value}'", "Write seconds or e.g. '90s', '30m', '1h30m'");
        return null;
    }

    private StageResources Resources(string name, YamlNode? node, Func<YamlScalarNode, string> sub)
    {
        if (node is null)
        {
            return StageResources.None;
        }

        if (node is not YamlMappingNode map)
        {
            Problem(node, $"'resources' of stage '{name}' must be a mapping", "e.g. 'resources: {cpus: 4, mem: 16G, gpus: 1, time: 2h}'");
            return StageResources.None;
        }

        foreach (var (key, _) in map.Children)
        {
            if (!ResourceKeys.Contains(Scalar(key)))
            {
                Problem(key, $"'resources' of stage '{name}' has an unknown field '{Scalar(key)}'", Suggestions.DidYouMean(Scalar(key) ?? "", ResourceKeys, "Known fields: cpus, mem, gpus, time"));
            }
        }

        int? Whole(string field, int minimum)
        {
            if (Child(map, field) is not { } n)
            {
                return null;
            }

            if (n is YamlScalarNode s && int.TryParse(sub(s), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= minimum)
            {
                return v;
            }

            Problem(n, $"'resources.{field}' of stage '{name}' must be a whole number of at least {minimum}", $"e.g. '{field}: {Math.Max(1, minimum)}'");
            return null;
        }

        long? memory = null;
        if (Child(map, "mem") is { } memNode)
        {
            if (memNode is YamlScalarNode s && DurationText.TryParseSize(sub(s), out var bytes))
            {
                memory = bytes;
            }
            else
            {
                Problem(memNode, $"'resources.mem' of stage '{name}' must be a size such as 512M or 16G", "Use K, M, G or T (powers of 1024)");
            }
        }

        var time = Child(map, "time") is { } timeNode ? Duration(name, "resources.time", timeNode, sub) : null;
        return new StageResources(Whole("cpus", 1), memory, Whole("gpus", 0), time);
    }

    private IReadOnlyList<YamlNode> List(string name, YamlMappingNode body, string field) => Child(body, field) switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Children],
        YamlScalarNode { Value: { Length: > 0 } } scalar => [scalar],
        YamlScalarNode => [],
        var other => ListProblem(name, field, other),
    };

    private List<YamlNode> ListProblem(string name, string field, YamlNode node)
    {
        Problem(node, $"'{field}' of stage '{name}' must be a list", $"Write each entry on its own '- ' line under '{field}:'");
        return [];
    }

    private string? ResolvePath(string stage, YamlScalarNode node, string text, bool allowRoot, string? relativeTo = null)
    {
        if (text.Contains('\0', StringComparison.Ordinal) || text.Length == 0)
        {
            Problem(node, $"stage '{stage}' has an empty path", "Give a path relative to the stage's folder");
            return null;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(relativeTo ?? pipelineFolder, text)));
        var relative = Path.GetRelativePath(workspaceRoot, full).Replace('\\', '/');
        if (relative == "." && allowRoot)
        {
            return ".";
        }

        if (relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            Problem(node, $"path '{text}' of stage '{stage}' is outside the workspace", "Keep every path inside the workspace (relative paths are taken from the stage's wdir)");
            return null;
        }

        if (relative.Split('/')[0] is ".ariadne" or ".git")
        {
            Problem(node, $"path '{text}' of stage '{stage}' is inside {relative.Split('/')[0]}/", "Ariadne manages that folder itself; use a path elsewhere in the workspace");
            return null;
        }

        return relative;
    }

    private string Substitute(YamlScalarNode node, Dictionary<string, string>? vars)
    {
        var text = node.Value ?? "";
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        return Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (vars is not null && vars.TryGetValue(name, out var value))
            {
                return value;
            }

            Problem(node, $"unknown variable '${{{name}}}'", vars is null
                ? "Variables exist only in 'foreach' and 'matrix' stages (${item}, ${key}, ${item.field})"
                : Suggestions.DidYouMean(name, vars.Keys, $"Known here: {string.Join(", ", vars.Keys.Select(k => "${" + k + "}"))}"));
            return match.Value;
        });
    }

    /// <summary>The 1-based lines whose indentation holds a tab (tabs inside values are allowed).</summary>
    private static List<int> TabIndentedLines(string text)
    {
        var lines = new List<int>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var indent = line.Length - line.TrimStart(' ', '\t').Length;
            if (line[..indent].Contains('\t', StringComparison.Ordinal) && indent < line.TrimEnd('\r').Length)
            {
                lines.Add(number);
            }
        }

        return lines;
    }

    private static long LastReadableLine(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        long line = 1;
        try
        {
            while (scanner.MoveNext())
            {
                line = scanner.Current?.Start.Line ?? line;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The line of the last token read is where the parser gave up.
        }

        return line;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private void Problem(YamlNode node, string message, string suggestion) => Problem(node.Start.Line, message, suggestion);

    private void Problem(long line, string message, string suggestion)
    {
        // A foreach or matrix stage parses its body once per item: report a problem of the body once.
        var problem = new PipelineProblem(displayName, (int)Math.Max(1, line), message, suggestion);
        if (!_problems.Contains(problem))
        {
            _problems.Add(problem);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex StageName();

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex SuffixCharacters();

    [GeneratedRegex(@"\$\{\s*([^}\s]+)\s*\}")]
    private static partial Regex Variable();
}
