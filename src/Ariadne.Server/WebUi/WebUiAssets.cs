using System.Reflection;

namespace Ariadne.Server.WebUi;

/// <summary>Files of the web UI embedded in this assembly that other parts of Ariadne reuse, e.g. ECharts for <c>ariadne plots</c>' reports.</summary>
internal static class WebUiAssets
{
    /// <summary>ECharts' prebuilt script, as the UI serves it at /ui/vendor/echarts.min.js.</summary>
    public static string ECharts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ui/vendor/echarts.min.js")
            ?? throw new InvalidOperationException("ECharts is not embedded in this build: build src/Ariadne.Server with web/node_modules installed (npm ci in web/).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
