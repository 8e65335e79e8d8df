using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ariadne.Plots;

/// <summary>
/// Writes rendered plots as one self-contained HTML page: the chart library's script and the data are inline, images are
/// data URIs, so the file opens offline and can be mailed or archived. One interactive line chart per plot (zoom, legend
/// to hide series, tooltips), its series overlaid across revisions; each chart's element says when it is drawn
/// (<c>data-rendered</c>) and how many series it holds (<c>data-series</c>).
/// </summary>
internal static class PlotsHtml
{
    public static string Render(IReadOnlyList<RenderedPlot> plots, IReadOnlyList<string> revisions, string chartScript)
    {
        ArgumentNullException.ThrowIfNull(plots);
        ArgumentNullException.ThrowIfNull(revisions);
        ArgumentNullException.ThrowIfNull(chartScript);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Ariadne plots</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}section{margin-bottom:32px}.chart{width:100%;height:380px}")
            .Append(".problems{color:#a33}figure{display:inline-block;margin:8px}img{max-width:480px;border:1px solid #ddd}</style>\n");
        html.Append("<script>").Append(chartScript.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n</head>\n<body>\n");
        html.Append("<h1>Plots</h1>\n<p>Revisions: ").Append(WebUtility.HtmlEncode(string.Join(", ", revisions))).Append("</p>\n<div id=\"plots\"></div>\n");
        html.Append("<script id=\"plot-data\" type=\"application/json\">").Append(Json(plots).Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>\n");
        html.Append("""
            <script>
            (function () {
              const plots = JSON.parse(document.getElementById('plot-data').textContent);
              const container = document.getElementById('plots');
              const charts = [];
              plots.forEach(function (plot, index) {
                const section = document.createElement('section');
                section.className = 'plot';
                section.dataset.plot = plot.id;
                const heading = document.createElement('h2');
                heading.textContent = plot.title;
                section.appendChild(heading);
                if (plot.problems.length) {
                  const list = document.createElement('ul');
                  list.className = 'problems';
                  plot.problems.forEach(function (problem) { const item = document.createElement('li'); item.textContent = problem; list.appendChild(item); });
                  section.appendChild(list);
                }
                container.appendChild(section);
                if (plot.series.length) {
                  const element = document.createElement('div');
                  element.className = 'chart';
                  element.id = 'chart-' + index;
                  section.appendChild(element);
                  const categorical = plot.series.some(function (s) { return s.points.some(function (p) { return typeof p[0] === 'string'; }); });
                  const chart = echarts.init(element);
                  chart.setOption({
                    animation: false,
                    tooltip: { trigger: 'axis' },
                    legend: { type: 'scroll', top: 0 },
                    grid: { top: 48, left: 56, right: 32, bottom: 72 },
                    xAxis: { type: categorical ? 'category' : 'value', name: plot.x, nameLocation: 'middle', nameGap: 28, scale: !categorical },
                    yAxis: { type: 'value', scale: true },
                    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }],
                    series: plot.series.map(function (s) {
                      return { name: s.name, type: 'line', showSymbol: s.points.length <= 60, data: s.points };
                    })
                  });
                  element.dataset.series = String(chart.getOption().series.length);
                  element.dataset.rendered = 'true';
                  charts.push(chart);
                }
                plot.images.forEach(function (image) {
                  const figure = document.createElement('figure');
                  const img = document.createElement('img');
                  img.src = image.src;
                  img.alt = image.revision + ': ' + image.file;
                  const caption = document.createElement('figcaption');
                  caption.textContent = image.revision + ': ' + image.file;
                  figure.appendChild(img);
                  figure.appendChild(caption);
                  section.appendChild(figure);
                });
              });
              window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
              document.body.dataset.ready = 'true';
            })();
            </script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>The plots as JSON: id, title, x, series (name, revision, file, field, points as [x, y]), images and problems.</summary>
    public static string Json(IReadOnlyList<RenderedPlot> plots)
    {
        ArgumentNullException.ThrowIfNull(plots);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var plot in plots)
            {
                w.WriteStartObject();
                w.WriteString("id", plot.Id);
                w.WriteString("title", plot.Title);
                w.WriteString("x", plot.XLabel);
                w.WriteStartArray("series");
                foreach (var series in plot.Series)
                {
                    w.WriteStartObject();
                    w.WriteString("name", series.Name);
                    w.WriteString("revision", series.Revision);
                    w.WriteString("file", series.File);
                    w.WriteString("field", series.Field);
                    w.WriteStartArray("points");
                    foreach (var (x, y) in series.Points)
                    {
                        w.WriteStartArray();
                        switch (x)
                        {
                            case int i:
                                w.WriteNumberValue(i);
                                break;
                            case double d:
                                w.WriteNumberValue(d);
                                break;
                            default:
                                w.WriteStringValue(Convert.ToString(x, CultureInfo.InvariantCulture));
                                break;
                        }

                        w.WriteNumberValue(y);
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("images");
                foreach (var image in plot.Images)
                {
                    w.WriteStartObject();
                    w.WriteString("revision", image.Revision);
                    w.WriteString("file", image.File);
                    w.WriteString("src", image.DataUri);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("problems");
                foreach (var problem in plot.Problems)
                {
                    w.WriteStringValue(problem);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
