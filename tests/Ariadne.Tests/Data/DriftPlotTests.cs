using Ariadne.Data.Drift;
using Ariadne.Data.Profiling;
using SkiaSharp;

namespace Ariadne.Tests.Data;

public sealed class DriftPlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Numeric_plot_is_a_png_of_the_report_size_with_the_current_series_right_of_the_reference()
    {
        // Given a numeric column whose current values sit three standard deviations above the reference
        var reference = ColumnDistribution.Numeric("temp_max", [.. StatisticsTests.Normal(41, 2000)]);
        var current = ColumnDistribution.Numeric("temp_max", [.. StatisticsTests.Normal(42, 1500, 3)]);
        var drift = DriftDetector.Run(reference, current, DriftTest.Wasserstein, 0.1);

        // When it is plotted
        var png = DriftPlot.Png(drift, reference, current);

        // Then it is a PNG of the documented size, and both series are drawn, the current one to the right
        var bars = Decode(png);
        Assert.True(bars.Reference.Count > 2000, $"expected the reference bars in blue, found {bars.Reference.Count} blue pixels");
        Assert.True(bars.Current.Count > 2000, $"expected the current bars in orange, found {bars.Current.Count} orange pixels");
        Assert.True(Median(bars.Reference) + 100 < Median(bars.Current), $"reference bars centre at x={Median(bars.Reference)}, current at x={Median(bars.Current)}");
    }

    [Fact]
    public void Categorical_plot_draws_each_share_over_its_category()
    {
        // Given a reference that is mostly 'sun' and a current that is mostly 'rain' (categories in reference order)
        var reference = ColumnDistribution.Categorical("weather", new(StringComparer.Ordinal) { ["sun"] = 900, ["rain"] = 100 });
        var current = ColumnDistribution.Categorical("weather", new(StringComparer.Ordinal) { ["sun"] = 100, ["rain"] = 900 });
        var drift = DriftDetector.Run(reference, current, DriftTest.ChiSquared, 0.05);

        // When it is plotted
        var bars = Decode(DriftPlot.Png(drift, reference, current));

        // Then the tall blue bar stands over the first category and the tall orange bar over the second
        Assert.True(bars.Reference.Count > 2000 && bars.Current.Count > 2000, $"blue {bars.Reference.Count}, orange {bars.Current.Count} pixels");
        Assert.True(Median(bars.Reference) < DriftPlot.Width / 2, $"reference bars centre at x={Median(bars.Reference)}");
        Assert.True(Median(bars.Current) > DriftPlot.Width / 2, $"current bars centre at x={Median(bars.Current)}");
    }

    private static (List<int> Reference, List<int> Current) Decode(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((DriftPlot.Width, DriftPlot.Height), (bitmap.Width, bitmap.Height));
        var reference = new List<int>();
        var current = new List<int>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (Near(pixel, DriftPlot.ReferenceColor))
                {
                    reference.Add(x);
                }
                else if (Near(pixel, DriftPlot.CurrentColor))
                {
                    current.Add(x);
                }
            }
        }

        return (reference, current);
    }

    private static bool Near(SKColor pixel, ScottPlot.Color color) =>
        Math.Abs(pixel.Red - color.R) <= 8 && Math.Abs(pixel.Green - color.G) <= 8 && Math.Abs(pixel.Blue - color.B) <= 8;

    private static int Median(List<int> xs) => xs.Order().ElementAt(xs.Count / 2);
}
