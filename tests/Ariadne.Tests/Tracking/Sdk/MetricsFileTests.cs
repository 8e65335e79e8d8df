using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking.Sdk;

public sealed class MetricsFileTests
{
    [Fact]
    public void Nested_json_and_yaml_numbers_become_dotted_metric_keys()
    {
        using var temp = new TempFolder();
        var json = temp.WriteFile("m.json", """{"val": {"acc": 0.9, "n": 10}, "ok": true, "name": "x", "per_class": [0.5, 0.7]}""");
        var yaml = temp.WriteFile("m.yaml", "val:\n  acc: 0.8\n  loss: .nan\nlabel: '3'\n");

        Assert.Equal(
            [("val.acc", 0.9), ("val.n", 10.0), ("ok", 1.0), ("per_class.0", 0.5), ("per_class.1", 0.7)],
            MetricsFile.Read(json).Select(kv => (kv.Key, kv.Value)));
        var fromYaml = MetricsFile.Read(yaml);
        Assert.Equal(["val.acc", "val.loss"], fromYaml.Select(kv => kv.Key));
        Assert.True(double.IsNaN(fromYaml[1].Value));
    }

    [Fact]
    public void A_broken_metrics_file_names_the_file_and_line()
    {
        using var temp = new TempFolder();
        var json = temp.WriteFile("bad.json", "{\n \"a\": 1,\n oops\n}");

        var error = Assert.Throws<AriadneException>(() => MetricsFile.Read(json));

        Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }
}
