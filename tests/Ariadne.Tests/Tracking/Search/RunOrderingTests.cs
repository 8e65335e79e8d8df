using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

public sealed class RunOrderingTests
{
    [Fact]
    public void No_items_mean_the_default_order()
    {
        Assert.Empty(RunOrdering.Parse(null));
        Assert.Empty(RunOrdering.Parse([]));
    }

    [Theory]
    [InlineData("metrics.acc DESC", SearchEntity.Metric, "acc", false)]
    [InlineData("metrics.acc desc", SearchEntity.Metric, "acc", false)]
    [InlineData("params.lr", SearchEntity.Param, "lr", true)]
    [InlineData("  params.lr   ASC ", SearchEntity.Param, "lr", true)]
    [InlineData("attributes.start_time ASC", SearchEntity.Attribute, "start_time", true)]
    [InlineData("run.RUN_NAME", SearchEntity.Attribute, "run_name", true)]
    [InlineData("start_time DESC", SearchEntity.Attribute, "start_time", false)]
    [InlineData("end_time", SearchEntity.Attribute, "end_time", true)]
    [InlineData("tags.x", SearchEntity.Tag, "x", true)]
    [InlineData("tags.mlflow.runName DESC", SearchEntity.Tag, "mlflow.runName", false)]
    [InlineData("metrics.`val loss` DESC", SearchEntity.Metric, "val loss", false)]
    [InlineData("metrics.\"val loss\"", SearchEntity.Metric, "val loss", true)]
    public void Items_parse_to_entity_key_and_direction(string item, object entity, string key, bool ascending) => // object: SearchEntity is internal
        Assert.Equal(new OrderByKey((SearchEntity)entity, key, ascending), Assert.Single(RunOrdering.Parse([item])));

    [Fact]
    public void Several_items_keep_their_order()
    {
        var keys = RunOrdering.Parse(["metrics.acc DESC", "params.lr", "start_time"]);

        Assert.Equal(["metrics.acc DESC", "params.lr ASC", "attributes.start_time ASC"], keys.Select(k => k.ToString()));
    }

    [Theory]
    [InlineData("", "the item is empty")]
    [InlineData("   ", "the item is empty")]
    [InlineData("foo.x", "unknown entity 'foo'")]
    [InlineData("acc DESC", "'acc' is not a search key")]
    [InlineData("metrics.acc sideways", "expected ASC or DESC after the key, found 'sideways'")]
    [InlineData("metrics.val loss DESC", "expected ASC or DESC after the key, found 'loss'")]
    [InlineData("metrics.acc DESC ASC", "unexpected 'ASC' after the direction")]
    [InlineData("attributes.nope", "unknown attribute 'nope'")]
    [InlineData("datasets.hash", "runs cannot be ordered by datasets")]
    [InlineData("metrics.`acc DESC", "unterminated quoted key")]
    public void Invalid_items_are_invalid_arguments_that_quote_the_item(string item, string problem)
    {
        var error = Assert.Throws<AriadneException>(() => RunOrdering.Parse([item]));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{item}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_named_twice_is_an_error()
    {
        var error = Assert.Throws<AriadneException>(() => RunOrdering.Parse(["metrics.acc", "metric.acc DESC"]));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("metrics.acc more than once", error.Message, StringComparison.Ordinal);
    }
}
