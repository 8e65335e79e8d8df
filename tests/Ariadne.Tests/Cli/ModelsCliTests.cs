using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Cli;

/// <summary>The models commands end to end: register from a path or a run, list, show, alias, tag, download, delete, promote.</summary>
public sealed class ModelsCliTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string RunWithAccuracy(string name, string accuracy)
    {
        _ws.CliOk("run", "-e", "penguins", "-n", name, "-m", $"{name}.json", "--", "sh", "-c", $"echo trained {name}; echo '{{\"validation\": {{\"accuracy\": {accuracy}}}}}' > {name}.json");
        return JsonDocument.Parse(_ws.CliOk("runs", "list", "--json").Out).RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("info").GetProperty("run_name").GetString() == name).GetProperty("info").GetProperty("run_id").GetString()!;
    }

    [Fact]
    public void Register_a_folder_twice_makes_two_versions_sharing_content_and_download_writes_the_files_back()
    {
        _ws.Write("outs/model/model.zip", "weights");
        _ws.Write("outs/model/labels.txt", "Adelie\nGentoo\n");

        var first = JsonDocument.Parse(_ws.CliOk("models", "register", "penguins", "outs/model", "--alias", "champion", "--description", "first", "--json").Out).RootElement;
        var second = JsonDocument.Parse(_ws.CliOk("models", "register", "penguins", "outs/model", "--json").Out).RootElement;

        Assert.Equal((1, 2), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        Assert.Equal(first.GetProperty("content_hash").GetString(), second.GetProperty("content_hash").GetString());
        Assert.Equal("outs/model", first.GetProperty("source").GetString());
        Assert.Equal(["champion"], first.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["labels.txt", "model.zip"], first.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        var listed = JsonDocument.Parse(_ws.CliOk("models", "list", "--json").Out).RootElement;
        Assert.Equal(2, listed[0].GetProperty("latest_version").GetInt32());
        Assert.Equal(1, listed[0].GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal([2, 1], JsonDocument.Parse(_ws.CliOk("models", "versions", "penguins", "--json").Out).RootElement.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        _ws.Write("outs/model/model.zip", "changed after registering");
        _ws.CliOk("models", "download", "models:/penguins@champion", "deployed");
        Assert.Equal("weights", _ws.Read("deployed/model.zip"));
        Assert.Equal("Adelie\nGentoo\n", _ws.Read("deployed/labels.txt"));
    }

    [Fact]
    public void Register_from_a_run_show_alias_tag_and_delete()
    {
        var run = RunWithAccuracy("train", "0.9");

        var registered = _ws.CliOk("models", "register", "penguins", "--run", run[..8], "--path", "logs");
        Assert.Contains("models:/penguins/1", registered.Out, StringComparison.Ordinal);
        var shown = JsonDocument.Parse(_ws.CliOk("models", "show", "models:/penguins/1", "--json").Out).RootElement;
        Assert.Equal((run, $"runs:/{run}/logs"), (shown.GetProperty("run_id").GetString(), shown.GetProperty("source").GetString()));
        Assert.Equal("output.log", shown.GetProperty("files")[0].GetProperty("path").GetString());

        _ws.CliOk("models", "alias", "penguins", "champion", "1");
        _ws.CliOk("models", "tag", "penguins", "team", "ecology");
        _ws.CliOk("models", "tag", "penguins", "validated", "yes", "--version", "1");
        var model = JsonDocument.Parse(_ws.CliOk("models", "show", "penguins", "--json").Out).RootElement;
        Assert.Equal("ecology", model.GetProperty("model").GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal("yes", model.GetProperty("versions")[0].GetProperty("tags").GetProperty("validated").GetString());
        Assert.Equal(1, model.GetProperty("model").GetProperty("aliases").GetProperty("champion").GetInt32());

        _ws.CliOk("models", "delete", "penguins", "--version", "1");
        var gone = _ws.Cli("models", "show", "models:/penguins@champion");
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("no alias 'champion'", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_gets_a_clear_message_and_changes_nothing()
    {
        _ws.Write("outs/model/model.zip", "weights");
        _ws.CliOk("models", "register", "penguins", "outs/model");

        var reserved = _ws.Cli("models", "alias", "penguins", "latest", "1");
        var pattern = _ws.Cli("models", "alias", "penguins", "my.alias", "1");
        var unknownVersion = _ws.Cli("models", "alias", "penguins", "champion", "7");
        var unknownModel = _ws.Cli("models", "versions", "nope");
        var both = _ws.Cli("models", "register", "penguins", "outs/model", "--run", "abc", "--path", "model");
        var missing = _ws.Cli("models", "register", "penguins", "outs/nothing-here");

        Assert.All(new[] { reserved, pattern, unknownVersion, unknownModel, both, missing }, r => Assert.NotEqual(0, r.ExitCode));
        Assert.Contains("reserved", reserved.Error, StringComparison.Ordinal);
        Assert.Contains("letters, digits", pattern.Error, StringComparison.Ordinal);
        Assert.Contains("no version 7", unknownVersion.Error, StringComparison.Ordinal);
        Assert.Contains("No registered model named 'nope'", unknownModel.Error, StringComparison.Ordinal);
        Assert.Contains("one way", both.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        var model = JsonDocument.Parse(_ws.CliOk("models", "list", "--json").Out).RootElement[0];
        Assert.Equal(1, model.GetProperty("latest_version").GetInt32());
        Assert.Empty(model.GetProperty("aliases").EnumerateObject());
    }

    [Fact]
    public void Promote_moves_the_alias_only_when_the_rule_holds_against_the_holder_and_exits_non_zero_otherwise()
    {
        var good = RunWithAccuracy("good", "0.95");
        var better = RunWithAccuracy("better", "0.97");
        var worse = RunWithAccuracy("worse", "0.80");
        _ws.CliOk("models", "register", "penguins", "--run", good, "--path", "logs", "--alias", "champion");
        _ws.CliOk("models", "register", "penguins", "--run", worse, "--path", "logs", "--alias", "challenger");
        const string Rule = "metrics.validation.accuracy >= champion";

        var refused = _ws.Cli("models", "promote", "penguins", "--from", "challenger", "--to", "champion", "--require", Rule);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FAILS", refused.Out, StringComparison.Ordinal);
        Assert.Contains("stays version 1", refused.Out, StringComparison.Ordinal);
        Assert.Equal(1, Champion());

        _ws.CliOk("models", "register", "penguins", "--run", better, "--path", "logs", "--alias", "challenger");
        var promoted = JsonDocument.Parse(_ws.CliOk("models", "promote", "penguins", "--from", "challenger", "--to", "champion", "--require", Rule, "--json").Out).RootElement;

        Assert.True(promoted.GetProperty("promoted").GetBoolean());
        Assert.Equal((3, 1), (promoted.GetProperty("candidate").GetInt32(), promoted.GetProperty("previous").GetInt32()));
        Assert.Equal(3, Champion());

        var lacking = _ws.Cli("models", "promote", "penguins", "--from", "challenger", "--to", "champion", "--require", "metrics.validation.f1 >= champion");
        Assert.Equal(2, lacking.ExitCode);
        Assert.Contains("has no metric 'validation.f1'", lacking.Error, StringComparison.Ordinal);
        Assert.Contains("validation.accuracy", lacking.Error, StringComparison.Ordinal);
        var unreadable = _ws.Cli("models", "promote", "penguins", "--from", "challenger", "--to", "champion", "--require", "accuracy is high");
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("cannot be read", unreadable.Error, StringComparison.Ordinal);
        Assert.Equal(3, Champion());
    }

    private int Champion() =>
        JsonDocument.Parse(_ws.CliOk("models", "list", "--json").Out).RootElement[0].GetProperty("aliases").GetProperty("champion").GetInt32();
}
