using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Pipelines;

/// <summary>
/// Reads <c>ariadne.yaml</c> into stages, expanding <c>foreach</c> and <c>matrix</c>, and collects every problem with
/// its line instead of stopping at the first. Uses YamlDotNet's representation model (no reflection), whose nodes
/// carry the line they start on. <c>${...}</c> takes values from <c>params.yaml</c> and the files and mappings under
/// the top-level <c>vars:</c> in every stage (a stage depends on the params-file keys it uses), and from the item in
/// foreach and matrix stages. The top-level <c>plots:</c> section and the stages' plots become <see cref="Plots"/>.
/// </summary>
internal sealed partial class PipelineParser(string displayName, string workspaceRoot, string pipelineFolder)
{
    private static readonly string[] StageKeys = ["cmd", "deps", "params", "outs", "metrics", "plots", "wdir", "env", "retries", "timeout", "resources", "foreach", "do", "matrix", "desc", "reads_sealed", "frozen", "always_changed"];
    private static readonly string[] TopLevelKeys = ["stages", "vars", "plots", "monitor", "schedules"];
    private static readonly string[] OutputOptionKeys = ["persist", "cache"];
    private static readonly string[] PlotOptionKeys = ["persist", "cache", "x", "y", "title"];
    private static readonly string[] PlotKeys = ["x", "y", "title"];
    private static readonly string[] ResourceKeys = ["cpus", "mem", "gpus", "time"];
    private static readonly string[] RetryKeys = ["count", "backoff"];

    private readonly List<PipelineProblem> _problems = [];
    private readonly Dictionary<string, PipelineVariable> _variables = new(StringComparer.Ordinal);
    private readonly List<PlotDefinition> _plots = [];

    public IReadOnlyList<PipelineProblem> Problems => _problems;

    /// <summary>The stages' plots files, then the entries of the top-level <c>plots:</c> section.</summary>
    public IReadOnlyList<PlotDefinition> Plots => _plots;

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
            else if (!TopLevelKeys.Contains(name))
            {
                Problem(key, $"unknown top-level key '{name}'", Suggestions.DidYouMean(name ?? "", TopLevelKeys, "The top level holds 'stages:', 'vars:', 'plots:', 'monitor:' and 'schedules:'"));
            }
        }

        // Variables first: every stage may use them, wherever 'vars:' stands in the file.
        Variables(Child(root, "vars"));

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

        if (Child(root, "plots") is { } plotsNode)
        {
            TopLevelPlots(plotsNode);
        }

        return stages;
    }

    /// <summary>
    /// The values <c>${...}</c> may use: <c>params.yaml</c> next to the pipeline file when it exists, then each entry of
    /// <c>vars:</c> in order: a params file (<c>file.yaml</c>, or <c>file.yaml:key1,key2</c> for some of its keys) or an
    /// inline mapping. A key defined twice is a problem, as in dvc.yaml.
    /// </summary>
    private void Variables(YamlNode? varsNode)
    {
        var defaultFile = Path.Combine(pipelineFolder, ParamsFile.DefaultName);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(defaultFile))
        {
            loaded.Add(Relative(defaultFile));
            try
            {
                AddVariables(ParamsFile.Load(defaultFile).Values, Relative(defaultFile), ParamsFile.DefaultName, null, 1);
            }
            catch (AriadneException e)
            {
                Problem(1, $"{ParamsFile.DefaultName} cannot be read for ${{...}} values: {e.Message.TrimEnd('.')}", "Fix params.yaml");
            }
        }

        if (varsNode is null)
        {
            return;
        }

        if (varsNode is not YamlSequenceNode entries)
        {
            Problem(varsNode, "'vars' must be a list of params files and mappings", "e.g. 'vars:\n  - config.yaml\n  - seed: 7'");
            return;
        }

        for (var i = 0; i < entries.Children.Count; i++)
        {
            var entry = entries.Children[i];
            switch (entry)
            {
                case YamlScalarNode { Value: { Length: > 0 } value } scalar:
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var fileText = colon > 0 ? value[..colon] : value;
                    var keys = colon > 0 ? value[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
                    var full = Path.GetFullPath(Path.Combine(pipelineFolder, fileText));
                    var relative = Relative(full);
                    if (!File.Exists(full))
                    {
                        Problem(scalar, $"vars file '{fileText}' does not exist", "Create it, or correct the path (relative to the folder of the pipeline file)");
                        break;
                    }

                    if (!loaded.Add(relative) && keys is null)
                    {
                        break;
                    }

                    ParamsFile file;
                    try
                    {
                        file = ParamsFile.Load(full);
                    }
                    catch (AriadneException e)
                    {
                        Problem(scalar, $"vars file '{fileText}' cannot be read: {e.Message.TrimEnd('.')}", "Fix the file");
                        break;
                    }

                    var values = file.Values;
                    if (keys is not null)
                    {
                        foreach (var missing in keys.Where(k => !values.ContainsKey(k)))
                        {
                            Problem(scalar, $"vars file '{fileText}' has no key '{missing}'", Suggestions.DidYouMean(missing, values.Keys, $"Its keys: {string.Join(", ", values.Keys.Take(10))}"));
                        }

                        values = values.Where(kv => keys.Any(k => kv.Key == k || kv.Key.StartsWith(k + ".", StringComparison.Ordinal))).ToDictionary(StringComparer.Ordinal);
                    }

                    AddVariables(values, relative, fileText, scalar, (int)scalar.Start.Line);
                    break;
                case YamlMappingNode map:
                    AddVariables(ParamsFile.Flatten(map), null, $"vars[{i}]", map, (int)map.Start.Line);
                    break;
                default:
                    Problem(entry, "each entry of 'vars' must be a params file or a mapping of values", "e.g. '- config.yaml', '- config.yaml:train,seed' or '- seed: 7'");
                    break;
            }
        }
    }

    private void AddVariables(IReadOnlyDictionary<string, string> values, string? file, string source, YamlNode? node, int line)
    {
        foreach (var (key, value) in values)
        {
            var isSection = values.Keys.Any(k => k.Length > key.Length && k.StartsWith(key + ".", StringComparison.Ordinal));
            if (_variables.TryGetValue(key, out var before) && !(before.IsSection && isSection))
            {
                Problem(node is null ? line : node.Start.Line, $"variable '{key}' of {source} is already defined in {before.Source}", "Define each variable once: rename it or remove one of them");
                continue;
            }

            _variables[key] = new PipelineVariable(value, file, source, isSection);
        }
    }

    /// <summary>
    /// The top-level <c>plots:</c> list, as in dvc.yaml: a file (<c>- plots/loss.csv</c>); a file with options
    /// (<c>- plots/loss.csv: {x: step, y: [train, val]}</c>); or a named plot over several files
    /// (<c>- loss: {x: step, y: {logs/train.csv: loss, logs/val.csv: loss}}</c>).
    /// </summary>
    private void TopLevelPlots(YamlNode node)
    {
        if (node is not YamlSequenceNode entries)
        {
            Problem(node, "'plots' must be a list of plot files or named plots", "e.g. 'plots:\n  - plots/loss.csv\n  - roc: {x: fpr, y: {eval/roc.json: tpr}}'");
            return;
        }

        foreach (var entry in entries.Children)
        {
            if (entry is YamlScalarNode { Value: { Length: > 0 } } scalar)
            {
                if (PlotPath("the plots section", scalar) is { } path)
                {
                    _plots.Add(new PlotDefinition(path, (int)scalar.Start.Line, null, null, [new PlotSource(path, [])]));
                }
            }
            else if (entry is YamlMappingNode { Children.Count: 1 } map && map.Children.First() is var (idNode, options) && Scalar(idNode) is { Length: > 0 } id)
            {
                var body = options as YamlMappingNode;
                if (body is null && options is not YamlScalarNode { Value: null or "" })
                {
                    Problem(options, $"plot '{id}' must map to its options (x, y, title)", $"e.g. '- {id}: {{x: step, y: loss}}'");
                    continue;
                }

                CheckKeys(body, PlotKeys, $"plot '{id}'");
                if (body is not null && Child(body, "y") is YamlMappingNode files)
                {
                    var sources = new List<PlotSource>();
                    foreach (var (fileNode, fields) in files.Children)
                    {
                        if (fileNode is YamlScalarNode { Value: { Length: > 0 } } f && PlotPath($"plot '{id}'", f) is { } path)
                        {
                            sources.Add(new PlotSource(path, Fields($"plot '{id}'", fields)));
                        }
                    }

                    _plots.Add(new PlotDefinition(id, (int)idNode.Start.Line, PlotText(body, "x", id), PlotText(body, "title", id), sources));
                }
                else if (PlotPath($"plot '{id}'", (YamlScalarNode)idNode) is { } path)
                {
                    var fields = body is not null && Child(body, "y") is { } y ? Fields($"plot '{id}'", y) : [];
                    _plots.Add(new PlotDefinition(path, (int)idNode.Start.Line, body is null ? null : PlotText(body, "x", id), body is null ? null : PlotText(body, "title", id), [new PlotSource(path, fields)]));
                }
            }
            else
            {
                Problem(entry, "each entry of 'plots' must be a file, or one file or plot name with its options", "e.g. '- plots/loss.csv' or '- plots/loss.csv: {x: step, y: loss}'");
            }
        }
    }

    private string? PlotPath(string owner, YamlScalarNode node) => ResolvePath(owner, node, Substitute(node, null, null), allowRoot: false);

    private IReadOnlyList<string> Fields(string owner, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } value }:
                return [value];
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }):
                return [.. sequence.Children.Select(c => Scalar(c)!)];
            default:
                Problem(node, $"'y' of {owner} must be a field name or a list of field names", "e.g. 'y: loss' or 'y: [train_loss, val_loss]'");
                return [];
        }
    }

    private string? PlotText(YamlMappingNode body, string field, string id)
    {
        switch (Child(body, field))
        {
            case null:
                return null;
            case YamlScalarNode { Value: { Length: > 0 } value }:
                return value;
            case var other:
                Problem(other, $"'{field}' of plot '{id}' must be text", field == "x" ? "Name the field along the x axis, e.g. 'x: step'" : "e.g. 'title: Loss'");
                return null;
        }
    }

    private void CheckKeys(YamlMappingNode? body, string[] known, string owner)
    {
        if (body is null)
        {
            return;
        }

        foreach (var (key, _) in body.Children)
        {
            if (!known.Contains(Scalar(key)))
            {
                Problem(key, $"{owner} has an unknown field '{Scalar(key)}'", Suggestions.DidYouMean(Scalar(key) ?? "", known, $"Known fields: {string.Join(", ", known)}"));
            }
        }
    }

    private string Relative(string full) => Path.GetRelativePath(workspaceRoot, full).Replace('\\', '/');

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

        var used = new List<ParamReference>();
        string Sub(YamlScalarNode node) => Substitute(node, vars, used);

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

        var persisted = new HashSet<string>(StringComparer.Ordinal);
        var uncached = new HashSet<string>(StringComparer.Ordinal);
        List<StagePath> Paths(string field)
        {
            var result = new List<StagePath>();
            foreach (var entry in List(name, body, field))
            {
                var node = entry;
                YamlMappingNode? options = null;
                if (field != "deps" && entry is YamlMappingNode { Children.Count: 1 } withOptions && withOptions.Children.First() is var (pathNode, optionsNode)
                    && (optionsNode is YamlMappingNode || optionsNode is YamlScalarNode { Value: null or "" }))
                {
                    // '- path: {persist: true, cache: false}' (plots also take x, y and title).
                    node = pathNode;
                    options = optionsNode as YamlMappingNode;
                }

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
                            OutputOptions(name, field, new StagePath(resolved, (int)s.Start.Line), options, persisted, uncached);
                        }
                    }
                }
                else
                {
                    Problem(node, $"each entry of '{field}' in stage '{name}' must be a path", field == "deps"
                        ? "Write one path per '- ' line"
                        : $"Write one path per '- ' line, or a path with options: '- model.bin: {{persist: true, cache: false}}'");
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

        var readsSealed = Flag(name, body, "reads_sealed", "Write 'reads_sealed: true' on a stage that scores a sealed test set, so experiments and sweeps leave it out", Sub);
        var frozen = Flag(name, body, "frozen", "Write 'frozen: true' to keep the stage from running, and remove it to let it run again", Sub);
        var alwaysChanged = Flag(name, body, "always_changed", "Write 'always_changed: true' on a stage that reads something outside the workspace, so it runs every time", Sub);

        // A value a command (or path) takes from a params file is a parameter of the stage: changing it reruns the stage.
        foreach (var reference in used.DistinctBy(u => (u.File, u.Key)))
        {
            if (!parameters.Any(p => p.File == reference.File && (p.Key == reference.Key || reference.Key.StartsWith(p.Key + ".", StringComparison.Ordinal))))
            {
                parameters.Add(reference);
            }
        }

        // Returned even with problems (the file is refused all the same), so the whole-pipeline checks still see the
        // stage's outputs and report their own problems in the same message.
        return new Stage(name, line, commands, deps, parameters, outs, metrics, plots, wdir, environment, retries, timeout, resources, readsSealed)
        {
            Frozen = frozen,
            AlwaysChanged = alwaysChanged,
            Persisted = persisted,
            Uncached = uncached,
        };
    }

    private bool Flag(string name, YamlMappingNode body, string field, string hint, Func<YamlScalarNode, string> sub)
    {
        if (Child(body, field) is not { } node)
        {
            return false;
        }

        if (node is YamlScalarNode scalar && sub(scalar) is "true" or "false")
        {
            return sub(scalar) == "true";
        }

        Problem(node, $"'{field}' of stage '{name}' must be true or false", hint);
        return false;
    }

    /// <summary>The options of an output given as '- path: {...}': persist and cache (and x, y, title for a plot).</summary>
    private void OutputOptions(string name, string field, StagePath output, YamlMappingNode? options, HashSet<string> persisted, HashSet<string> uncached)
    {
        var path = output.Path;
        if (options is null)
        {
            if (field == "plots")
            {
                _plots.Add(new PlotDefinition(path, output.Line, null, null, [new PlotSource(path, [])]));
            }

            return;
        }

        var known = field == "plots" ? PlotOptionKeys : OutputOptionKeys;
        CheckKeys(options, known, $"output '{path}' of stage '{name}'");
        foreach (var option in OutputOptionKeys)
        {
            if (Child(options, option) is not { } node)
            {
                continue;
            }

            if (node is not YamlScalarNode { Value: "true" or "false" } value)
            {
                Problem(node, $"'{option}' of output '{path}' in stage '{name}' must be true or false", option == "persist"
                    ? "Write 'persist: true' to keep the output between runs (it is not removed before the stage runs)"
                    : "Write 'cache: false' to record the output by hash in ariadne.lock without storing it in the cache");
                continue;
            }

            var set = option == "persist" ? persisted : uncached;
            if ((option == "persist") == (value.Value == "true"))
            {
                set.Add(path);
            }
        }

        if (field == "plots")
        {
            var fields = Child(options, "y") is { } y ? Fields($"plot '{path}'", y) : [];
            _plots.Add(new PlotDefinition(path, output.Line, PlotText(options, "x", path), PlotText(options, "title", path), [new PlotSource(path, fields)]));
        }
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

    /// <summary>
    /// Replaces each <c>${name}</c> in the node's text: from the foreach/matrix item (<paramref name="vars"/>) first,
    /// then from params.yaml and <c>vars:</c>; a params-file key used goes into <paramref name="used"/>. <c>\${...}</c>
    /// stays as <c>${...}</c> (for the shell).
    /// </summary>
    private string Substitute(YamlScalarNode node, Dictionary<string, string>? vars, List<ParamReference>? used)
    {
        var text = node.Value ?? "";
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        return Variable().Replace(text, match =>
        {
            if (match.Groups["escape"].Success)
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Value;
            if (vars is not null && vars.TryGetValue(name, out var value))
            {
                return value;
            }

            if (_variables.TryGetValue(name, out var variable))
            {
                if (variable.IsSection)
                {
                    var keys = _variables.Keys.Where(k => k.StartsWith(name + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(5);
                    Problem(node, $"'${{{name}}}' is a section of {variable.Source}, not a value", $"Use one of its keys: {string.Join(", ", keys.Select(k => "${" + k + "}"))}");
                    return match.Value;
                }

                if (variable.File is { } file)
                {
                    used?.Add(new ParamReference(file, name, (int)node.Start.Line));
                }

                return variable.Value;
            }

            var known = (vars?.Keys ?? Enumerable.Empty<string>()).Concat(_variables.Where(v => !v.Value.IsSection).Select(v => v.Key)).ToList();
            var close = Suggestions.CloseOnes(name, known);
            Problem(node, $"unknown variable '${{{name}}}'", close.Count > 0
                ? $"Did you mean {string.Join(" or ", close.Select(k => $"'{k}'"))}?"
                : known.Count == 0
                    ? "Define it in params.yaml or under 'vars:' (foreach and matrix stages also have ${item}); write \\${...} for the shell to expand it"
                    : $"Define it in params.yaml or under 'vars:', or use a known one: {string.Join(", ", known.Take(10).Select(k => "${" + k + "}"))}");
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

    [GeneratedRegex(@"(?<escape>\\)?\$\{\s*(?<name>[^}\s]+)\s*\}")]
    private static partial Regex Variable();
}
