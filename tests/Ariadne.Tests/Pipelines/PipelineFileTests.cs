using Ariadne.Pipelines;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Pipelines;

public sealed class PipelineFileTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private PipelineFile Parse(string yaml) => PipelineFile.Parse(yaml, _root.Combine("ariadne.yaml"), _root.Path);

    private AriadneException Refused(string yaml)
    {
        var e = Assert.Throws<AriadneException>(() => Parse(yaml));
        Assert.Equal(ErrorCode.InvalidPipeline, e.Code);
        return e;
    }

    [Fact]
    public void Parses_every_stage_field()
    {
        _root.WriteFile("data/raw.csv", "a,b\n");
        _root.WriteFile("params.yaml", "train:\n  lr: 0.01\n  epochs: 10\nseed: 1\n");
        _root.WriteFile("conf/extra.yaml", "depth: 3\nwidth: 2\n");
        var pipeline = Parse("""
            stages:
              train:
                cmd:
                  - python prepare.py
                  - python train.py
                deps: [data/raw.csv]
                params:
                  - train.lr
                  - conf/extra.yaml:depth
                  - conf/extra.yaml: [width]
                outs: [model]
                metrics: [metrics.json]
                plots: [plots/loss.csv]
                env:
                  OMP_NUM_THREADS: "4"
                retries: {count: 2, backoff: 5s}
                timeout: 1h30m
                resources: {cpus: 4, mem: 16G, gpus: 1, time: 2h}
            """);
        var stage = Assert.Single(pipeline.Stages);
        Assert.Equal("train", stage.Name);
        Assert.Equal(["python prepare.py", "python train.py"], stage.Commands);
        Assert.Equal("data/raw.csv", Assert.Single(stage.Deps).Path);
        Assert.Equal([("params.yaml", "train.lr"), ("conf/extra.yaml", "depth"), ("conf/extra.yaml", "width")], stage.Params.Select(p => (p.File, p.Key)));
        Assert.Equal("model", Assert.Single(stage.Outs).Path);
        Assert.Equal("metrics.json", Assert.Single(stage.Metrics).Path);
        Assert.Equal("plots/loss.csv", Assert.Single(stage.Plots).Path);
        Assert.Equal("4", stage.Environment["OMP_NUM_THREADS"]);
        Assert.Equal(new RetryPolicy(2, TimeSpan.FromSeconds(5)), stage.Retries);
        Assert.Equal(TimeSpan.FromMinutes(90), stage.Timeout);
        Assert.Equal(new StageResources(4, 16L << 30, 1, TimeSpan.FromHours(2)), stage.Resources);
    }

    [Fact]
    public void Paths_are_taken_relative_to_wdir()
    {
        _root.WriteFile("src/input.txt", "x");
        _root.WriteFile("src/params.yaml", "lr: 1\n");
        var stage = Assert.Single(Parse("""
            stages:
              s:
                wdir: src
                cmd: ./run
                deps: [input.txt]
                params: [lr]
                outs: [../out]
            """).Stages);
        Assert.Equal("src", stage.WorkingDirectory);
        Assert.Equal("src/input.txt", stage.Deps[0].Path);
        Assert.Equal("out", stage.Outs[0].Path);
        Assert.Equal("src/params.yaml", stage.Params[0].File);
    }

    [Fact]
    public void Foreach_expands_one_stage_per_item_with_substitution()
    {
        var pipeline = Parse("""
            stages:
              train:
                foreach: [small, large]
                do:
                  cmd: python train.py --size ${item}
                  outs: ["models/${item}"]
              fit:
                foreach:
                  a: {lr: 0.1}
                  b: {lr: 0.2}
                do:
                  cmd: fit ${key} ${item.lr}
            """);
        Assert.Equal(["train@small", "train@large", "fit@a", "fit@b"], pipeline.Stages.Select(s => s.Name));
        Assert.Equal("python train.py --size large", pipeline.Stages[1].Commands[0]);
        Assert.Equal("models/large", pipeline.Stages[1].Outs[0].Path);
        Assert.Equal("fit b 0.2", pipeline.Stages[3].Commands[0]);
    }

    [Fact]
    public void Matrix_expands_every_combination()
    {
        var pipeline = Parse("""
            stages:
              train:
                matrix:
                  model: [cnn, rnn]
                  lr: [0.1, 0.01]
                cmd: train --model ${item.model} --lr ${item.lr}
                outs:
                  - out/${item.model}-${item.lr}
            """);
        Assert.Equal(["train@cnn-0.1", "train@cnn-0.01", "train@rnn-0.1", "train@rnn-0.01"], pipeline.Stages.Select(s => s.Name));
        Assert.Equal("train --model rnn --lr 0.01", pipeline.Stages[3].Commands[0]);
    }

    [Fact]
    public void Orders_stages_by_dependency_and_keeps_file_order_otherwise()
    {
        _root.WriteFile("raw", "x");
        var pipeline = Parse("""
            stages:
              evaluate:
                cmd: e
                deps: [model/weights.bin, data/clean]
                metrics: [scores.json]
              train:
                cmd: t
                deps: [data/clean]
                outs: [model]
              prepare:
                cmd: p
                deps: [raw]
                outs: [data/clean]
              other:
                cmd: o
            """);
        Assert.Equal(["prepare", "train", "evaluate", "other"], pipeline.Graph.TopologicalOrder().Select(s => s.Name));
        Assert.Equal(["prepare", "train"], pipeline.Graph.Upstream("evaluate").Order(StringComparer.Ordinal));
        Assert.Equal(["prepare", "train"], pipeline.Graph.Select(["train"]).Select(s => s.Name));
    }

    [Fact]
    public void Malformed_yaml_is_refused_with_its_line()
    {
        var e = Refused("stages:\n  train:\n    cmd: [a\n    outs: x\n");
        Assert.Matches(@"ariadne\.yaml:\d+: not valid YAML", e.Message);
    }

    [Fact]
    public void Unknown_field_is_refused_with_line_and_suggestion()
    {
        var e = Refused("stages:\n  train:\n    cmd: t\n    dep: [x]\n");
        Assert.Contains("ariadne.yaml:4: stage 'train' has an unknown field 'dep'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'deps'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_cmd_is_refused()
    {
        var e = Refused("stages:\n  train:\n    outs: [x]\n");
        Assert.Contains("ariadne.yaml:2: stage 'train' has no 'cmd'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_is_refused_naming_the_stages()
    {
        var e = Refused("""
            stages:
              a:
                cmd: a
                deps: [y]
                outs: [x]
              b:
                cmd: b
                deps: [x]
                outs: [y]
            """);
        Assert.Contains("ariadne.yaml:2: the stages form a cycle: a -> b -> a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dependency_is_refused_with_a_suggestion()
    {
        _root.WriteFile("data/train.csv", "x");
        var e = Refused("stages:\n  train:\n    cmd: t\n    deps:\n      - data/trian.csv\n");
        Assert.Contains("ariadne.yaml:5: dependency 'data/trian.csv' of stage 'train' does not exist and no stage writes it", e.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'data/train.csv'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependency_written_by_another_stage_need_not_exist()
    {
        var pipeline = Parse("stages:\n  a:\n    cmd: a\n    outs: [out]\n  b:\n    cmd: b\n    deps: [out/part.csv]\n");
        Assert.Equal(["a"], pipeline.Graph.Upstream("b"));
    }

    [Fact]
    public void Two_stages_writing_the_same_output_are_refused()
    {
        var e = Refused("stages:\n  a:\n    cmd: a\n    outs: [model]\n  b:\n    cmd: b\n    outs: [model]\n");
        Assert.Contains("ariadne.yaml:7: stages 'a' and 'b' both write 'model' (line 4)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_inside_another_output_is_refused()
    {
        var e = Refused("stages:\n  a:\n    cmd: a\n    outs: [data]\n  b:\n    cmd: b\n    outs: [data/sub]\n");
        Assert.Contains("ariadne.yaml:7: output 'data/sub' of stage 'b' is inside output 'data' of stage 'a' (line 4)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_param_key_is_refused_with_the_closest_key()
    {
        _root.WriteFile("params.yaml", "train:\n  lr: 0.1\n");
        var e = Refused("stages:\n  a:\n    cmd: a\n    params: [train.rl]\n");
        Assert.Contains("ariadne.yaml:4: param 'train.rl' of stage 'a' is not in 'params.yaml'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'train.lr'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_params_file_is_refused()
    {
        var e = Refused("stages:\n  a:\n    cmd: a\n    params: [other.yaml:lr]\n");
        Assert.Contains("reads param 'lr' from 'other.yaml', which does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_are_refused_each_with_its_line()
    {
        var e = Refused("""
            stages:
              a:
                cmd: a
                timeout: soon
                retries: many
                resources: {cpus: 0, mem: lots, disk: 1}
                outs: [../outside]
            """);
        Assert.Contains("ariadne.yaml:4: 'timeout' of stage 'a' must be a duration", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:5: retry count", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:6: 'resources' of stage 'a' has an unknown field 'disk'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'resources.mem' of stage 'a' must be a size", e.Message, StringComparison.Ordinal);
        Assert.Contains("'resources.cpus' of stage 'a' must be a whole number of at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:7: path '../outside' of stage 'a' is outside the workspace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_variable_is_refused()
    {
        var e = Refused("stages:\n  a:\n    foreach: [x]\n    do:\n      cmd: run ${itme}\n");
        Assert.Contains("ariadne.yaml:5: unknown variable '${itme}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'item'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_reading_its_own_output_is_refused()
    {
        var e = Refused("stages:\n  a:\n    cmd: a\n    deps: [out/x]\n    outs: [out]\n");
        Assert.Contains("ariadne.yaml:4: stage 'a' depends on 'out/x', which overlaps its own output 'out'", e.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Tab_is_reported_on_its_own_line()
    {
        var e = Refused("stages:\n  a:\n    cmd: a\n\touts: [x]\n");
        Assert.StartsWith("ariadne.yaml:4: not valid YAML", e.Message, StringComparison.Ordinal);
        Assert.Contains("tab", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Field_problems_and_workspace_problems_are_reported_together()
    {
        var e = Refused("""
            stages:
              a:
                cmd: a
                dep: [x]
                outs: [out]
              b:
                cmd: b
                deps: [out, missing.csv]
            """);
        Assert.Contains("The pipeline has 2 problems", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:4: stage 'a' has an unknown field 'dep'", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:8: dependency 'missing.csv' of stage 'b' does not exist and no stage writes it", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dependency 'out'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deps: 5", "'deps' of stage 'a' holds the number '5', not a path")]
    [InlineData("deps: [data, 5]", "'deps' of stage 'a' holds the number '5', not a path")]
    [InlineData("outs: [true]", "'outs' of stage 'a' holds the boolean 'true', not a path")]
    [InlineData("metrics: [1.5]", "'metrics' of stage 'a' holds the number '1.5', not a path")]
    public void Number_or_boolean_where_a_path_belongs_is_refused(string field, string message)
    {
        _root.WriteFile("data/x.csv", "x");
        _root.WriteFile("5", "a file named 5");
        var e = Refused($"stages:\n  a:\n    cmd: a\n    {field}\n");
        Assert.Contains("ariadne.yaml:4: " + message, e.Message, StringComparison.Ordinal);
        Assert.Contains("quote it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_number_is_a_path()
    {
        _root.WriteFile("5", "a file named 5");
        var stage = Assert.Single(Parse("stages:\n  a:\n    cmd: a\n    deps: ['5']\n").Stages);
        Assert.Equal("5", stage.Deps[0].Path);
    }

    [Fact]
    public void Wdir_that_is_not_a_folder_is_refused()
    {
        _root.WriteFile("file.txt", "x");
        var e = Refused("stages:\n  a:\n    cmd: a\n    wdir: nodir\n  b:\n    cmd: b\n    wdir: file.txt\n");
        Assert.Contains("ariadne.yaml:4: 'wdir' of stage 'a' is 'nodir', which is not a folder in the workspace", e.Message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:7: 'wdir' of stage 'b' is 'file.txt', which is not a folder in the workspace", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_root.Combine("nodir")));
    }

    [Fact]
    public void Unknown_variable_of_a_foreach_is_reported_once()
    {
        var e = Refused("stages:\n  a:\n    foreach: [x, y, z]\n    do:\n      cmd: run ${itme}\n");
        Assert.StartsWith("ariadne.yaml:5: unknown variable '${itme}'", e.Message, StringComparison.Ordinal);
        Assert.Single(e.Message.Split('\n'));
    }
}
