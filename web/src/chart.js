// Line charts of metric histories with ECharts: zoom (mouse wheel, drag, slider), hover values, log scale, smoothing
// (exponential moving average with debiasing, as TensorBoard does), x by step or by time. Histories arrive
// downsampled by the server, so a million-point history draws at once.
import { history } from './api.js';
import { h } from './dom.js';

let echartsLoading;

/** Loads ECharts (1 MB) the first time a chart is drawn, so pages without charts do not wait for it. */
export function loadECharts() {
  echartsLoading ??= new Promise((resolve, reject) => {
    if (window.echarts) return resolve(window.echarts);
    const script = document.createElement('script');
    script.src = '/ui/vendor/echarts.min.js';
    script.onload = () => resolve(window.echarts);
    script.onerror = () => { echartsLoading = undefined; reject(new Error('Could not load the chart library (/ui/vendor/echarts.min.js).')); };
    document.head.append(script);
  });
  return echartsLoading;
}

// Every chart drawn and not yet disposed (its element, ECharts instance and ResizeObserver), and the elements still
// waiting to be put into the page. A view that is left takes its charts with it: releaseCharts disposes them.
const live = new Map();
const waiting = new Set();
const abandoned = new WeakSet();

/**
 * ECharts and the element once the element is in the page (a chart needs its size): views build off-screen first.
 * Null when the element will never be shown (its view was left or overtaken, or it was replaced): the wait then stops.
 */
export async function chartReady(element) {
  waiting.add(element);
  try {
    const echarts = await loadECharts();
    while (!element.isConnected) {
      // Given up when its view was abandoned, or when it was taken out of its container (a newer chart replaced it).
      const root = element.getRootNode();
      if (root === element || abandoned.has(root) || abandoned.has(element)) return null;
      await new Promise(resolve => requestAnimationFrame(resolve));
    }
    return echarts;
  } finally {
    waiting.delete(element);
  }
}

/** Draws a chart into element once it is in the page: draw(chart) sets its options. Disposed by releaseCharts. */
export function drawChart(element, draw) {
  chartReady(element).then(echarts => {
    if (!echarts) return;
    disposeDetached(); // a chart this one replaced inside the same view
    // Dark mode follows the system setting, as the page's colours do.
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    const chart = echarts.init(element, dark ? 'dark' : null, { renderer: 'canvas' });
    if (dark) chart.setOption({ backgroundColor: 'transparent' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    live.set(element, { chart, observer });
    element.chart = chart;
    draw(chart);
  });
}

function disposeDetached() {
  for (const [element, { chart, observer }] of live) {
    if (element.isConnected) continue;
    observer.disconnect();
    chart.dispose();
    delete element.chart;
    live.delete(element);
  }
}

/** After a view is mounted: disposes the charts no longer in the page (with their ResizeObservers). */
export function releaseCharts() {
  disposeDetached();
}

/** Marks content that will never be shown (a view replaced, or built for a navigation that a newer one overtook). */
export function abandonCharts(...nodes) {
  for (const node of nodes) abandoned.add(node);
}

/** For tests and debugging: charts alive (drawn, not disposed) and elements waiting to be shown. */
window.ariadneCharts = { live: () => live.size, waiting: () => waiting.size };

export function smooth(values, weight) {
  if (!(weight > 0)) return values;
  let last = 0;
  let count = 0;
  return values.map(v => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - Math.pow(weight, count));
  });
}

/** Fetches the downsampled history of one metric for each run: [{ name, runId, points }]. */
export async function loadSeries(runs, key, maxPoints = 2000) {
  loadECharts().catch(() => {}); // in parallel with the histories; lineChart reports a failure
  return Promise.all(runs.map(async run => ({
    name: run.info.run_name || run.info.run_id,
    runId: run.info.run_id,
    points: await history(run.info.run_id, key, maxPoints),
  })));
}

/**
 * Draws the series into a new element. options: { key, x: 'step'|'time', log, smooth (0..0.99), zoom: [start, end]
 * in percent, onZoom(start, end), compact }. A series of one point is drawn as a marker (a line needs two); with
 * smoothing the raw curve stays underneath, faint, and the hover shows both values. Returns the element; its chart is
 * element.chart.
 */
export function lineChart(series, options) {
  const element = h('div', { class: 'chart', dataset: { metric: options.key } });
  const xByTime = options.x === 'time';
  const smoothing = options.smooth > 0;
  const data = series.map(s => {
    const t0 = s.points.length ? Number(s.points[0].timestamp) : 0;
    const xs = s.points.map(p => xByTime ? (Number(p.timestamp) - t0) / 1000 : Number(p.step));
    const raw = s.points.map(p => Number(p.value));
    const shown = values => xs.map((x, i) => [x, options.log && !(values[i] > 0) ? null : values[i]]);
    return { name: s.name, raw: shown(raw), smoothed: smoothing ? shown(smooth(raw, options.smooth)) : null };
  });
  const single = data.every(s => s.raw.length <= 1);
  // A constant metric (one point, or the same value throughout) gets a y range around its value, not a zero-width one.
  const ys = data.flatMap(s => s.raw.map(p => p[1])).filter(Number.isFinite);
  const flat = ys.length > 0 && ys.every(y => y === ys[0]);
  const pad = flat ? Math.abs(ys[0]) * 0.1 || 1 : 0;
  element.dataset.points = String(Math.max(0, ...data.map(s => s.raw.length)));
  const zoom = options.zoom ?? [0, 100];
  drawChart(element, chart => {
    const palette = chart.getOption?.()?.color ?? DEFAULT_PALETTE;
    const lines = data.flatMap((s, i) => {
      const color = palette[i % palette.length];
      const marker = s.raw.length <= 1;
      const raw = { type: 'line', name: s.name, id: `raw-${i}`, data: s.raw, color, showSymbol: marker, symbolSize: marker ? 9 : 4,
        sampling: 'lttb', connectNulls: false, lineStyle: { opacity: smoothing ? 0.25 : 1 }, itemStyle: { opacity: smoothing && !marker ? 0.25 : 1 } };
      if (!smoothing) return [raw];
      return [raw, { type: 'line', name: s.name, id: `smoothed-${i}`, data: s.smoothed, color, showSymbol: marker, symbolSize: 9, sampling: 'lttb', connectNulls: false, z: 3 }];
    });
    chart.setOption({
      animation: false,
      legend: { type: 'scroll', top: 0, data: data.map(s => s.name) },
      grid: options.compact ? { left: 56, right: 16, top: 30, bottom: 48 } : { left: 60, right: 24, top: 36, bottom: 84 },
      tooltip: { trigger: single ? 'item' : 'axis', axisPointer: { type: 'cross' }, formatter: params => tooltip(params, smoothing, xByTime) },
      xAxis: { type: 'value', name: xByTime ? 'seconds' : 'step', nameLocation: 'middle', nameGap: 24, scale: true, ...(single ? { min: v => v.min - 1, max: v => v.max + 1, minInterval: 1 } : {}) },
      yAxis: { type: options.log ? 'log' : 'value', scale: true, ...(flat && !options.log ? { min: ys[0] - pad, max: ys[0] + pad } : {}) },
      dataZoom: options.compact ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }] : [
        { type: 'inside', xAxisIndex: 0, start: zoom[0], end: zoom[1], filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, start: zoom[0], end: zoom[1], bottom: 6, height: 22, filterMode: 'none' },
      ],
      series: lines,
    });
    chart.on('datazoom', () => {
      const [zoomState] = chart.getOption().dataZoom;
      element.dataset.zoom = `${zoomState.start.toFixed(2)},${zoomState.end.toFixed(2)}`;
      options.onZoom?.(zoomState.start, zoomState.end);
    });
    element.dataset.rendered = 'true';
  });
  return element;
}

const DEFAULT_PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];
const precise = v => v === null || v === undefined ? '' : Number(v).toPrecision(6).replace(/\.?0+$/, '').replace(/\.?0+e/, 'e');

/** Hover text: the x value, then per run its value, or with smoothing its smoothed value and the raw one beside it. */
function tooltip(params, smoothing, xByTime) {
  const items = Array.isArray(params) ? params : [params];
  if (!items.length) return '';
  const x = items[0].value?.[0];
  const lines = [`${xByTime ? 'seconds' : 'step'} ${precise(x)}`];
  const byRun = new Map();
  for (const item of items) {
    const entry = byRun.get(item.seriesName) ?? { marker: item.marker };
    entry[item.seriesId?.startsWith('smoothed') ? 'smoothed' : 'raw'] = item.value?.[1];
    byRun.set(item.seriesName, entry);
  }
  for (const [name, entry] of byRun) {
    const text = smoothing && entry.smoothed !== undefined ? `${precise(entry.smoothed)} (raw ${precise(entry.raw)})` : precise(entry.raw);
    lines.push(`${entry.marker} ${escapeText(name)}: <b>${text}</b>`);
  }
  return lines.join('<br>');
}

const escapeText = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** Metric keys in two sections: the model's metrics, and system metrics (system/cpu_percent, ...) apart. */
export function metricSections(keys) {
  const sorted = [...new Set(keys)].sort();
  return { metrics: sorted.filter(k => !k.startsWith('system/')), system: sorted.filter(k => k.startsWith('system/')) };
}

/**
 * A grid of small charts, one per metric of the given runs (each run a line), system/* metrics in a section of their
 * own. options: { id, smooth, x, log, maxCharts }. Histories are fetched downsampled, one request per run and metric.
 */
export function chartGrid(runs, options = {}) {
  const keys = runs.flatMap(r => (r.data?.metrics ?? []).map(m => m.key));
  const { metrics, system } = metricSections(keys);
  const max = options.maxCharts ?? 40;
  const figure = key => {
    const holder = h('figure', { dataset: { metric: key } }, h('figcaption', {}, key), h('div', { class: 'chart loading' }));
    const owners = runs.filter(r => (r.data?.metrics ?? []).some(m => m.key === key));
    loadSeries(owners, key, 1000).then(series => holder.lastChild.replaceWith(lineChart(series, { ...options, key, compact: true })),
      error => holder.lastChild.replaceWith(h('div', { class: 'error' }, error.message)));
    return holder;
  };
  return h('div', { class: 'chart-grids', id: options.id },
    metrics.length ? h('div', { class: 'chart-grid', dataset: { section: 'metrics' } }, metrics.slice(0, max).map(figure)) : h('p', {}, 'No metrics.'),
    metrics.length > max ? h('p', { class: 'note' }, `${metrics.length - max} more metrics: pick one above to chart it.`) : null,
    system.length ? [h('h3', {}, 'System metrics'), h('div', { class: 'chart-grid', dataset: { section: 'system' } }, system.slice(0, max).map(figure))] : null);
}

/** The controls of a chart (metric, x axis, log scale, smoothing), reading and writing the view's URL state. */
export function chartControls(keys, state, onChange) {
  return h('div', { class: 'chart-controls' },
    h('label', {}, 'Metric ', h('select', { id: 'chart-metric', onchange: e => onChange({ metric: e.target.value, zoom: '' }) },
      keys.map(k => h('option', { value: k, selected: k === state.metric }, k)))),
    h('label', {}, 'x ', h('select', { id: 'chart-x', onchange: e => onChange({ x: e.target.value, zoom: '' }) },
      h('option', { value: 'step', selected: state.x !== 'time' }, 'step'),
      h('option', { value: 'time', selected: state.x === 'time' }, 'time'))),
    h('label', {}, h('input', { type: 'checkbox', id: 'chart-log', checked: state.log, onchange: e => onChange({ log: e.target.checked ? 1 : '' }) }), ' log scale'),
    h('label', { title: 'Draw every logged point instead of a downsampled history (slow for long histories)' },
      h('input', { type: 'checkbox', id: 'chart-all-points', checked: state.allPoints, onchange: e => onChange({ points: e.target.checked ? 'all' : '', zoom: '' }) }), ' all points'),
    smoothingControl(state, onChange));
}

/** The smoothing slider with its value beside it (0 is off); the raw curve stays drawn under the smoothed one. */
function smoothingControl(state, onChange) {
  const value = h('output', { id: 'chart-smooth-value', for: 'chart-smooth' }, state.smooth ? state.smooth.toFixed(2) : 'off');
  return h('label', {}, 'smoothing ', h('input', { type: 'range', id: 'chart-smooth', min: 0, max: 0.99, step: 0.01, value: state.smooth,
    oninput: e => { value.textContent = Number(e.target.value) ? Number(e.target.value).toFixed(2) : 'off'; },
    onchange: e => onChange({ smooth: Number(e.target.value) || '' }) }), ' ', value);
}

export function chartState(query) {
  const zoom = (query.get('zoom') ?? '').split(',').map(Number);
  return {
    metric: query.get('metric') ?? '',
    x: query.get('x') === 'time' ? 'time' : 'step',
    log: query.get('log') === '1',
    smooth: Math.min(0.99, Math.max(0, Number(query.get('smooth') ?? 0) || 0)),
    zoom: zoom.length === 2 && zoom.every(Number.isFinite) ? zoom : undefined,
    allPoints: query.get('points') === 'all',
  };
}

/** Points asked of the server per run: a downsampled history (about 2,000 points keep the shape), or every point. */
export function pointsFor(state) {
  return state.allPoints ? 100_000_000 : 2000;
}
