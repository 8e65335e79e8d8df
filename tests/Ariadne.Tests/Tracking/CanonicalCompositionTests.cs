using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

public sealed class CanonicalCompositionTests
{
    [Theory]
    [InlineData("cafe\u0301", "caf\u00e9")]
    [InlineData("caf\u00e9", "caf\u00e9")]
    [InlineData("a\u0323\u0302", "\u1EAD")]
    [InlineData("A\u030A ngstr\u00f6m", "\u00C5 ngstr\u00f6m")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\u0391\u0301\u03b8\u03b7\u03bd\u03b1", "\u0386\u03b8\u03b7\u03bd\u03b1")]
    [InlineData("x\u0301", "x\u0301")]
    public void Text_is_composed_as_nfc_composes_it(string text, string expected) =>
        Assert.Equal(expected, CanonicalComposition.Compose(text));

    [Fact]
    public void Text_without_marks_is_returned_as_it_is()
    {
        var text = "penguins-v2 (baseline)";

        Assert.Same(text, CanonicalComposition.Compose(text));
    }
}
