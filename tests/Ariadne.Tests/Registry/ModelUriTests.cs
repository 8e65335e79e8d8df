using Ariadne.Registry;

namespace Ariadne.Tests.Registry;

public sealed class ModelUriTests
{
    [Theory]
    [InlineData("models:/penguins/3", "penguins", 3, null, false)]
    [InlineData("models:/penguins@champion", "penguins", null, "champion", false)]
    [InlineData("models:/penguins/latest", "penguins", null, null, true)]
    [InlineData("penguins@challenger", "penguins", null, "challenger", false)]
    [InlineData("my model/12", "my model", 12, null, false)]
    public void Model_uris_are_read_into_name_and_version_or_alias(string text, string name, int? version, string? alias, bool latest)
    {
        var uri = ModelUri.Parse(text);

        Assert.Equal((name, version, alias, latest), (uri.Name, uri.Version, uri.Alias, uri.Latest));
        Assert.Equal(uri, ModelUri.Parse(uri.ToString()));
    }

    [Theory]
    [InlineData("models:/penguins")]
    [InlineData("models:/penguins/0")]
    [InlineData("models:/penguins/x1")]
    [InlineData("models:/@champion")]
    [InlineData("models:/penguins@")]
    [InlineData("models:/a/b@c")]
    public void Anything_else_is_refused_with_examples(string text)
    {
        var e = Assert.Throws<AriadneException>(() => ModelUri.Parse(text));

        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
        Assert.Contains("models:/penguins@champion", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.validation.accuracy >= champion", "validation.accuracy", ">=", "champion", null)]
    [InlineData("metrics.loss<0.3", "loss", "<", null, 0.3)]
    public void Promotion_rules_compare_a_metric_with_an_alias_or_a_number(string text, string metric, string op, string? alias, double? threshold)
    {
        var rule = PromotionRule.Parse(text);

        Assert.Equal((metric, op, alias, threshold), (rule.Metric, rule.Operator, rule.Alias, rule.Threshold));
        Assert.True(PromotionRule.Parse("metrics.a >= b").Holds(0.9, 0.9));
        Assert.False(PromotionRule.Parse("metrics.a > b").Holds(0.9, 0.9));
    }

    [Fact]
    public void A_rule_against_a_reserved_alias_is_refused()
    {
        Assert.Contains("reserved", Assert.Throws<AriadneException>(() => PromotionRule.Parse("metrics.a >= latest")).Message, StringComparison.Ordinal);
    }
}
