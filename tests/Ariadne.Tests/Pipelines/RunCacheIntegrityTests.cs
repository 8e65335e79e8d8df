using System.Diagnostics;
using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Pipelines;

/// <summary>The run cache never restores bytes that do not match their recorded hash, and status covers pipeline outputs.</summary>
public sealed class RunCacheIntegrityTests : IDisposable
{
    private const string Pipeline = """
        stages:
          train:
            cmd:
              - echo run >> counts
              - mkdir -p model && cp raw.txt model/weights.txt
            deps: [raw.txt]
            outs: [model]
          report:
            cmd: echo run >> report-counts && cat model/weights.txt > report.txt
            deps: [model]
            outs: [report.txt]
        """;

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private int Runs(string file) => File.Exists(_ws.Path(file)) ? File.ReadAllLines(_ws.Path(file)).Length : 0;

    [Fact]
    public void Repro_runs_the_stage_instead_of_restoring_an_output_whose_cache_object_was_changed_in_place()
    {
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [hardlink, copy]\n");
        _ws.Write("raw.txt", "weights v1\n");
        _ws.Write("ariadne.yaml", Pipeline);
        _ws.CliOk("repro");

        // model/weights.txt is a hard link into the cache: this edit changes the recorded object as well.
        using (var edit = Process.Start("sh", ["-c", $"cd '{_ws.Root}' && chmod u+w model/weights.txt && echo tampered >> model/weights.txt"])!)
        {
            edit.WaitForExit();
        }

        var result = _ws.CliOk("repro");

        Assert.DoesNotContain("Stage 'train' restored from the run cache", result.Out, StringComparison.Ordinal);
        Assert.Equal(2, Runs("counts"));
        Assert.Equal("weights v1\n", _ws.Read("model/weights.txt"));
        Assert.Equal("weights v1\n", _ws.Read("report.txt"));
        _ws.AssertCacheIntact();
        Assert.True(_ws.Open().Cache.Contains(Ariadne.Content.ContentHasher.HashBytes("weights v1\n"u8)));
    }

    [Fact]
    public void A_corrupt_run_cache_object_is_refused_and_the_stage_runs_again()
    {
        _ws.Write("raw.txt", "weights v1\n");
        _ws.Write("ariadne.yaml", Pipeline);
        _ws.CliOk("repro");
        var cache = _ws.Open().Cache;
        var weights = Ariadne.Content.ContentHasher.HashBytes("weights v1\n"u8);
        File.SetUnixFileMode(cache.PathOf(weights), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(cache.PathOf(weights), "tampered\n");
        Directory.Delete(_ws.Path("model"), recursive: true);

        var result = _ws.CliOk("repro");

        Assert.DoesNotContain("Stage 'train' restored from the run cache", result.Out, StringComparison.Ordinal);
        Assert.Equal(2, Runs("counts"));
        Assert.Equal("weights v1\n", _ws.Read("model/weights.txt"));
        _ws.AssertCacheIntact();
    }

    [Fact]
    public void Status_covers_pipeline_outputs_recorded_in_the_lock_file()
    {
        _ws.Write("raw.txt", "weights v1\n");
        _ws.Write("ariadne.yaml", Pipeline);
        _ws.CliOk("repro");
        Assert.Contains("All 2 tracked path(s) match", _ws.CliOk("status").Out, StringComparison.Ordinal);

        File.AppendAllText(_ws.Path("report.txt"), "edited\n");
        var status = _ws.CliOk("status");

        Assert.Contains("report.txt: modified", status.Out, StringComparison.Ordinal);
        Assert.Contains("(1 other tracked path(s) unchanged)", status.Out, StringComparison.Ordinal);
        Assert.Contains("\"pointer\": \"ariadne.lock\"", _ws.CliOk("status", "report.txt", "--json").Out, StringComparison.Ordinal);
    }
}
