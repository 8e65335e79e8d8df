using Ariadne.Tests.Support;

namespace Ariadne.Tests.Server;

/// <summary>Advice about the ariadne command stays in the CLI: HTTP error bodies carry what was wrong, the CLI adds what to run.</summary>
public sealed class ErrorAdviceTests : SqliteServerTest
{
    private const string Missing = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task An_unknown_run_is_404_without_cli_advice_while_the_cli_still_gives_it()
    {
        var reply = await Api.GetAsync("runs/get", "run_id=" + Missing);
        var experiment = await Api.PostAsync("experiments/get", """{"experiment_id": "424242"}""");

        Assert.Equal(404, reply.Status);
        Assert.Equal($"No run with id '{Missing}'.", reply["message"].GetString());
        Assert.Equal(404, experiment.Status);
        Assert.DoesNotContain("'ariadne", experiment["message"].GetString(), StringComparison.Ordinal);

        using var workspace = new TestWorkspace();
        var shown = workspace.Cli("runs", "show", Missing);
        Assert.NotEqual(0, shown.ExitCode);
        Assert.Contains($"No run with id '{Missing}'. List runs with 'ariadne runs list'.", shown.Error, StringComparison.Ordinal);
    }
}
