using System.Diagnostics;
using System.Text.Json;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Server;

public abstract partial class MlflowApiContract
{
    public static TheoryData<string> OversizedSearches => new()
    {
        JsonSerializer.Serialize(new { experiment_ids = new[] { "0" }, filter = new string('(', 50_000) + "metrics.a > 1" + new string(')', 49_000) }),
        JsonSerializer.Serialize(new { experiment_ids = new[] { "0" }, filter = string.Join(" OR ", Enumerable.Range(0, 1_000).Select(i => $"params.p = '{i}'")) }),
        JsonSerializer.Serialize(new { experiment_ids = new[] { "0" }, filter = $"params.p IN ({string.Join(",", Enumerable.Range(0, 40_000).Select(i => $"'{i}'"))})" }),
        JsonSerializer.Serialize(new { experiment_ids = Enumerable.Range(0, 40_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)) }),
    };

    [Theory]
    [MemberData(nameof(OversizedSearches))]
    public async Task Searches_over_the_limits_are_400_naming_the_limit_and_the_server_keeps_serving(string body)
    {
        var reply = await Api.PostAsync("runs/search", body);

        AssertError(reply, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("at most", reply["message"].GetString(), StringComparison.OrdinalIgnoreCase);
        (await Api.PostAsync("experiments/search", "{}")).EnsureOk();
    }

    [Fact]
    public async Task A_search_at_the_limits_is_answered()
    {
        var experiment = await CreateExperimentAsync("limits");
        var runId = await CreateRunAsync(experiment);
        (await Api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "p", "value": "7"}""")).EnsureOk();
        var filter = new string('(', SearchLimits.MaxNestingDepth - 1)
            + "(" + string.Join(" OR ", Enumerable.Range(0, SearchLimits.MaxComparisons - 1).Select(i => $"params.p = '{i}'")) + ")"
            + $" AND params.p IN ({string.Join(",", Enumerable.Range(0, SearchLimits.MaxListValues).Select(i => $"'{i}'"))})"
            + new string(')', SearchLimits.MaxNestingDepth - 1);

        var reply = (await Api.PostAsync("runs/search", JsonSerializer.Serialize(new { experiment_ids = new[] { experiment }, filter }))).EnsureOk();

        Assert.Equal(runId, reply["runs"][0].GetProperty("info").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Experiment_like_patterns_that_backtrack_are_answered_quickly()
    {
        await CreateExperimentAsync(new string('a', 400));
        var clock = Stopwatch.StartNew();

        var reply = (await Api.PostAsync("experiments/search", JsonSerializer.Serialize(new { filter = "name LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%b'" }))).EnsureOk();
        var matching = (await Api.PostAsync("experiments/search", JsonSerializer.Serialize(new { filter = "name ILIKE '%A%a_a%A'" }))).EnsureOk();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Two searches took {clock.Elapsed}.");
        Assert.False(reply.Body.TryGetProperty("experiments", out var none) && none.GetArrayLength() > 0, reply.Text);
        Assert.Equal(new string('a', 400), matching["experiments"][0].GetProperty("name").GetString());
    }
}
