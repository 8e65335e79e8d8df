// Parallel coordinates of runs: one axis per parameter and the metric last, a line per run. Numeric axes whose values
// span two decades or more are logarithmic (learning rates, regularisation); lines are coloured by the metric with the
// best end in the goal's colour; hovering a line shows every value of that run. Seeds are left out unless asked for.
import { drawChart } from './chart.js';
import { format, h } from './dom.js';

const SEED = /(^|[._/])(seed|random_state|random_seed)$/i;

/** Params worth an axis: those that vary among the runs; seeds only when asked. */
export function axisParams(data, paramKeys, { withSeed = false } = {}) {
  return paramKeys.filter(key => {
    if (!withSeed && SEED.test(key)) return false;
    return new Set(data.map(d => d.params[key])).size > 1 || data.length === 1;
  });
}

/**
 * options: { id, metric, goal ('min'|'max'), names, paramKeys }. data: runData of each run. Returns the element; its
 * chart is element.chart and its axes' scales are element.dataset.scales ("lr:log,depth:value,...").
 */
export function parallelCoordinates(data, options) {
  const { metric, goal = 'max', names, paramKeys } = options;
  const element = h('div', { class: 'chart parallel', id: options.id ?? 'parallel', dataset: { metric, goal } });
  const dimensions = paramKeys.map(key => axis(key, data.map(d => d.params[key])));
  dimensions.push({ ...axis(metric, data.map(d => d.metrics[metric])), nameTextStyle: { fontWeight: 'bold' } });
  element.dataset.scales = dimensions.map(d => `${d.name}:${d.type}`).join(',');
  const lines = data.map((d, i) => ({
    name: names[i],
    value: [...paramKeys.map((k, j) => value(dimensions[j], d.params[k])), value(dimensions.at(-1), d.metrics[metric])],
  }));
  const scores = lines.map(l => l.value.at(-1)).filter(Number.isFinite);
  // Low to high runs from red to blue when higher is better, and the other way round when lower is: blue is best.
  const colors = goal === 'min' ? ['#2c7bb6', '#ffffbf', '#d7191c'] : ['#d7191c', '#ffffbf', '#2c7bb6'];
  drawChart(element, chart => {
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: p => tooltip(p, dimensions) },
      parallelAxis: dimensions.map((d, i) => ({ dim: i, ...d })),
      parallel: { left: 70, right: 110, top: 50, bottom: 30, parallelAxisDefault: { nameLocation: 'end', nameGap: 16, nameTextStyle: { fontSize: 12 } } },
      visualMap: scores.length ? {
        show: true, type: 'continuous', dimension: dimensions.length - 1, calculable: false, right: 10, top: 'middle',
        min: Math.min(...scores), max: Math.max(...scores) === Math.min(...scores) ? Math.min(...scores) + 1 : Math.max(...scores),
        text: [goal === 'min' ? 'worse' : 'better', goal === 'min' ? 'better' : 'worse'], inRange: { color: colors },
      } : undefined,
      series: [{ type: 'parallel', lineStyle: { width: 2, opacity: 0.85 }, emphasis: { lineStyle: { width: 4, opacity: 1 } }, data: lines }],
    });
    element.dataset.rendered = 'true';
  });
  return element;
}

function axis(name, raw) {
  const values = raw.filter(v => v !== undefined && v !== null && v !== '');
  const numeric = values.length > 0 && values.every(v => String(v).trim() !== '' && Number.isFinite(Number(v)));
  if (!numeric) return { name, type: 'category', data: [...new Set(values.map(String))].sort() };
  const numbers = values.map(Number);
  const positive = numbers.every(n => n > 0);
  const min = Math.min(...numbers), max = Math.max(...numbers);
  if (positive && max / min >= 100) return { name, type: 'log', logBase: 10 };
  return { name, type: 'value', scale: true };
}

function value(dimension, raw) {
  if (raw === undefined || raw === null || raw === '') return null;
  return dimension.type === 'category' ? String(raw) : Number(raw);
}

function tooltip(p, dimensions) {
  const escape = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
  return [`<b>${escape(p.name)}</b>`, ...dimensions.map((d, i) => `${escape(d.name)}: ${escape(p.value[i] === null ? '—' : typeof p.value[i] === 'number' ? format.number(p.value[i]) : p.value[i])}`)].join('<br>');
}

/** The metric picker and the seed toggle above a parallel-coordinates chart. */
export function parallelControls(metricKeys, state, onChange) {
  return h('div', { class: 'chart-controls' },
    h('label', {}, 'Metric ', h('select', { id: 'parallel-metric', onchange: e => onChange({ pmetric: e.target.value }) },
      metricKeys.map(k => h('option', { value: k, selected: k === state.metric }, k)))),
    h('label', {}, h('input', { type: 'checkbox', id: 'parallel-seed', checked: state.withSeed, onchange: e => onChange({ seed: e.target.checked ? 1 : '' }) }), ' seed axis'));
}
