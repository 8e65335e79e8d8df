using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Cli;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Config_sets_reads_and_unsets_values_that_every_command_then_uses()
    {
        _ws.CliOk("config", "cache.jobs", "3");
        _ws.CliOk("config", "remotes.storage.url", _ws.Outside("remote"));
        _ws.CliOk("config", "core.remote", "storage");
        _ws.CliOk("config", "cache.link", "copy");

        Assert.Equal("3\n", _ws.CliOk("config", "cache.jobs").Out);
        Assert.Equal(3, _ws.Open().Config.Jobs);
        Assert.Contains("storage", _ws.CliOk("remote", "list").Out, StringComparison.Ordinal);
        Assert.Contains("link: [copy]", _ws.Read(".ariadne/config.yaml"), StringComparison.Ordinal);

        // The remote set through config is the one push uses.
        _ws.Write("d.txt", "data");
        _ws.CliOk("add", "d.txt");
        _ws.CliOk("push");
        Assert.Single(Directory.EnumerateFiles(_ws.Outside("remote"), "*", SearchOption.AllDirectories));

        _ws.CliOk("config", "--unset", "cache.jobs");
        Assert.Equal("8\n", _ws.CliOk("config", "cache.jobs").Out);
        Assert.DoesNotContain("jobs", _ws.Read(".ariadne/config.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Local_config_is_git_ignored_and_overrides_the_shared_file()
    {
        _ws.CliOk("config", "cache.jobs", "2");
        _ws.CliOk("config", "--local", "cache.jobs", "16");
        _ws.CliOk("config", "--local", "remotes.s3.url", "s3://bucket/p");
        _ws.CliOk("config", "--local", "remotes.s3.secret_access_key", "hunter2");

        Assert.Equal("16\n", _ws.CliOk("config", "cache.jobs").Out);
        Assert.Contains("jobs: 2", _ws.Read(".ariadne/config.yaml"), StringComparison.Ordinal);
        Assert.Contains("jobs: 16", _ws.Read(".ariadne/config.local.yaml"), StringComparison.Ordinal);
        Assert.Equal("", _ws.Git("status --porcelain --ignored=no .ariadne/config.local.yaml"));
        Assert.Contains(".ariadne/config.local.yaml", _ws.Git("status --porcelain --ignored"), StringComparison.Ordinal);

        var local = JsonDocument.Parse(_ws.CliOk("config", "--list", "--local", "--json").Out).RootElement;
        Assert.Equal("16", local.GetProperty("cache.jobs").GetString());
        Assert.Equal("***", local.GetProperty("remotes.s3.secret_access_key").GetString());
        Assert.False(local.TryGetProperty("cache.link", out _));
        var all = _ws.CliOk("config", "--list").Out;
        Assert.Contains("cache.link=reflink,copy\n", all, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", all, StringComparison.Ordinal);
        Assert.Equal("hunter2\n", _ws.CliOk("config", "remotes.s3.secret_access_key").Out);
    }

    [Theory]
    [InlineData("cache.jobs", "many", "cache.jobs must be a positive whole number, not 'many'")]
    [InlineData("cache.link", "symlink", "cache.link has 'symlink'; use reflink, hardlink or copy")]
    [InlineData("cache.jobz", "4", "Unknown config key 'cache.jobz'")]
    [InlineData("remotes.s.url", "ftp://host/x", "has a scheme Ariadne does not know")]
    [InlineData("core.remote", "nowhere", "No remote named 'nowhere'")]
    public void Bad_keys_and_values_are_refused_with_the_files_message_and_nothing_is_written(string key, string value, string message)
    {
        var before = _ws.Read(".ariadne/config.yaml");

        var result = _ws.Cli("config", key, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, _ws.Read(".ariadne/config.yaml"));
    }

    [Fact]
    public void A_bad_value_written_by_hand_gives_the_same_error_as_config_does()
    {
        var fromCommand = _ws.Cli("config", "cache.jobs", "0").Error;
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  jobs: 0\n");

        var fromFile = _ws.Cli("status").Error;

        Assert.Contains("cache.jobs must be a positive whole number, not '0'", fromFile, StringComparison.Ordinal);
        Assert.Equal(fromCommand, fromFile);
        Assert.Contains("unknown key 'cache.jobz'", WriteAndLoad("cache:\n  jobz: 1\n"), StringComparison.Ordinal);
        Assert.Contains("remote 's3' has no url", WriteAndLoad("remotes:\n  s3:\n    region: eu\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsetting_what_is_not_set_and_a_missing_key_say_so()
    {
        var unset = _ws.Cli("config", "--unset", "core.remote");
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains("'core.remote' is not set in config.yaml", unset.Error, StringComparison.Ordinal);

        var get = _ws.Cli("config", "core.remote");
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("core.remote is not set", get.Error, StringComparison.Ordinal);
    }

    private string WriteAndLoad(string yaml)
    {
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), yaml);
        return _ws.Cli("config", "--list").Error;
    }
}
