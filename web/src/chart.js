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
    const chart = echarts.init(element, null, { renderer: 'canvas' });
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
 * in percent, onZoom(start, end) }. Returns the element; its chart is element.chart.
 */
export function lineChart(series, options) {
  const element = h('div', { class: 'chart', dataset: { metric: options.key } });
  const xByTime = options.x === 'time';
  const data = series.map(s => {
    const t0 = s.points.length ? Number(s.points[0].timestamp) : 0;
    const xs = s.points.map(p => xByTime ? (Number(p.timestamp) - t0) / 1000 : Number(p.step));
    const ys = smooth(s.points.map(p => Number(p.value)), options.smooth);
    return { name: s.name, data: xs.map((x, i) => [x, options.log && !(ys[i] > 0) ? null : ys[i]]) };
  });
  const zoom = options.zoom ?? [0, 100];
  drawChart(element, chart => {
    chart.setOption({
      animation: false,
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 24, top: 36, bottom: 84 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross' }, valueFormatter: v => v === null || v === undefined ? '' : Number(v).toPrecision(6) },
      xAxis: { type: 'value', name: xByTime ? 'seconds' : 'step', nameLocation: 'middle', nameGap: 24, scale: true },
      yAxis: { type: options.log ? 'log' : 'value', name: options.key, scale: true },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, start: zoom[0], end: zoom[1], filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, start: zoom[0], end: zoom[1], bottom: 6, height: 22, filterMode: 'none' },
      ],
      series: data.map(s => ({ type: 'line', name: s.name, data: s.data, showSymbol: false, sampling: 'lttb', connectNulls: false })),
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
    h('label', {}, 'smoothing ', h('input', { type: 'range', id: 'chart-smooth', min: 0, max: 0.99, step: 0.01, value: state.smooth,
      onchange: e => onChange({ smooth: Number(e.target.value) || '' }) })));
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
