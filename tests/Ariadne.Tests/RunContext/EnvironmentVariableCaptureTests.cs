using Ariadne.RunContext;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.RunContext;

/// <summary>Each test sets variables with names unique to it, so tests running in parallel cannot see each other's.</summary>
public sealed class EnvironmentVariableCaptureTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
    private readonly List<string> _set = [];

    [Fact]
    public void Default_allow_list_records_ariadne_variables_but_never_secrets()
    {
        // Given Ariadne settings, one of them a secret, and a variable nobody asked for
        Set($"ARIADNE_{_id}_MODE", "fast");
        Set($"ARIADNE_{_id}_TOKEN", "t0ken-value");
        Set($"ARIADNE_{_id}_API_KEY", "k3y-value");
        Set($"UNLISTED_{_id}", "nope");

        // When captured with the default allow-list
        var environment = RunEnvironment.Capture(_folder.Path);

        // Then only the harmless setting is recorded, in the JSON and the tags too
        Assert.Equal("fast", environment.EnvironmentVariables[$"ARIADNE_{_id}_MODE"]);
        Assert.DoesNotContain($"ARIADNE_{_id}_TOKEN", environment.EnvironmentVariables.Keys);
        Assert.DoesNotContain($"ARIADNE_{_id}_API_KEY", environment.EnvironmentVariables.Keys);
        Assert.DoesNotContain($"UNLISTED_{_id}", environment.EnvironmentVariables.Keys);
        Assert.Contains(environment.ToTags(), t => t.Key == $"ariadne.env.ARIADNE_{_id}_MODE" && t.Value == "fast");
        var json = environment.ToJson();
        Assert.DoesNotContain("t0ken-value", json, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-value", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_allow_list_replaces_the_default_and_still_excludes_secret_names()
    {
        Set($"EXP_{_id}_SEED", "42");
        Set($"EXP_{_id}_PASSWORD", "hunter2");
        Set($"PFX_{_id}_A", "a");
        Set($"PFX_{_id}_B", "b");
        Set($"PFX_{_id}_Secret", "lower-case secret");
        Set($"ARIADNE_{_id}_OTHER", "not in this list");

        var environment = RunEnvironment.Capture(
            _folder.Path,
            [$"EXP_{_id}_SEED", $"EXP_{_id}_PASSWORD", $"PFX_{_id}_*", $"NOT_SET_{_id}"]);

        Assert.Equal(
            [($"EXP_{_id}_SEED", "42"), ($"PFX_{_id}_A", "a"), ($"PFX_{_id}_B", "b")],
            environment.EnvironmentVariables.Select(v => (v.Key, v.Value)));
    }

    [Fact]
    public void Default_allow_list_names_the_variables_that_change_results()
    {
        Assert.Contains("CUDA_VISIBLE_DEVICES", RunEnvironment.DefaultEnvironmentAllowList);
        Assert.Contains("OMP_NUM_THREADS", RunEnvironment.DefaultEnvironmentAllowList);
        Assert.Contains("SLURM_JOB_ID", RunEnvironment.DefaultEnvironmentAllowList);
        Assert.Contains("ARIADNE_*", RunEnvironment.DefaultEnvironmentAllowList);
        Assert.DoesNotContain(RunEnvironment.DefaultEnvironmentAllowList, SecretNames.LooksSecret);
    }

    [Theory]
    [InlineData(new[] { "train", "--lr", "0.1", "--api-key", "abc", "--epochs", "3" }, new[] { "train", "--lr", "0.1", "--api-key", "***", "--epochs", "3" })]
    [InlineData(new[] { "train", "--hf-token=abc", "--seed=1" }, new[] { "train", "--hf-token=***", "--seed=1" })]
    [InlineData(new[] { "train", "--password", "--verbose" }, new[] { "train", "--password", "--verbose" })]
    [InlineData(new[] { "/opt/key-tool/run", "x" }, new[] { "/opt/key-tool/run", "x" })]
    public void Secret_command_line_options_are_masked(string[] args, string[] expected) =>
        Assert.Equal(expected, SecretNames.MaskCommandLine(args));

    private void Set(string name, string value)
    {
        _set.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var name in _set)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _folder.Dispose();
    }
}
