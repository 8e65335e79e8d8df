import { getRun, runData } from '../api.js';
import { chartControls, chartState, drawChart, lineChart, loadSeries, pointsFor } from '../chart.js';
import { errorBox, format, h, section } from '../dom.js';
import { link, list, update } from '../state.js';

export async function compareView(query) {
  const ids = list(query, 'runs');
  if (ids.length < 2) {
    return section('Compare runs', h('p', {}, 'Select two or more runs in a runs table, then press "Compare selected".'));
  }

  const runs = await Promise.all(ids.map(getRun));
  const data = runs.map(runData);
  const names = runs.map(r => r.info.run_name || r.info.run_id);
  const paramKeys = [...new Set(data.flatMap(d => Object.keys(d.params)))].sort();
  const metricKeys = [...new Set(data.flatMap(d => Object.keys(d.metrics)))].sort();
  const state = chartState(query);
  if (!metricKeys.includes(state.metric)) state.metric = metricKeys[0] ?? '';

  const header = h('tr', {}, h('th', {}, ''), runs.map((r, i) => h('th', {}, h('a', { href: link(`/runs/${r.info.run_id}`) }, names[i]))));
  const paramRows = paramKeys.map(key => {
    const values = data.map(d => d.params[key]);
    const differs = new Set(values.map(v => v ?? '\u0000')).size > 1;
    return h('tr', { class: differs ? 'differs' : '', dataset: { param: key } }, h('th', {}, key), values.map(v => h('td', { class: 'mono' }, v ?? '—')));
  });
  const metricRows = metricKeys.map(key => {
    const values = data.map(d => d.metrics[key]);
    const numbers = values.map(Number).filter(Number.isFinite);
    const best = { max: Math.max(...numbers), min: Math.min(...numbers) };
    return h('tr', { dataset: { metric: key } }, h('th', {}, key), values.map(v => h('td', {
      class: 'num' + (numbers.length > 1 && Number(v) === best.max ? ' highest' : '') + (numbers.length > 1 && Number(v) === best.min ? ' lowest' : ''),
    }, format.number(v))));
  });

  const chartArea = h('div', { id: 'chart-area' });
  if (state.metric) {
    loadSeries(runs, state.metric, pointsFor(state)).then(series => chartArea.replaceChildren(lineChart(series, {
      ...state, key: state.metric, onZoom: (a, b) => update({ zoom: `${a.toFixed(2)},${b.toFixed(2)}` }, { silent: true }),
    })), error => chartArea.replaceChildren(errorBox(error)));
  }

  return h('div', { class: 'compare-page' },
    h('h1', {}, `Comparing ${runs.length} runs`),
    section('Parameters', h('p', { class: 'note' }, `${paramRows.filter(r => r.classList.contains('differs')).length} of ${paramKeys.length} differ (highlighted).`),
      h('div', { class: 'scroll' }, h('table', { id: 'compare-params', class: 'compare' }, h('thead', {}, header.cloneNode(true)), h('tbody', {}, paramRows)))),
    section('Metrics (latest values)', h('div', { class: 'scroll' }, h('table', { id: 'compare-metrics', class: 'compare' }, h('thead', {}, header.cloneNode(true)), h('tbody', {}, metricRows)))),
    metricKeys.length ? section('Curves', chartControls(metricKeys, state, patch => update(patch)), chartArea) : null,
    metricKeys.length ? section('Parameters against a metric', parallelCoordinates(runs, data, names, paramKeys, state.metric)) : null);
}

/** One axis per parameter (numeric when every value is a number, else categories) and the metric last; a line per run. */
function parallelCoordinates(runs, data, names, paramKeys, metric) {
  const element = h('div', { class: 'chart parallel', id: 'parallel' });
  const dimensions = paramKeys.map(key => {
    const values = data.map(d => d.params[key]).filter(v => v !== undefined);
    const numeric = values.length > 0 && values.every(v => v.trim() !== '' && Number.isFinite(Number(v)));
    return numeric ? { name: key, type: 'value', scale: true } : { name: key, type: 'category', data: [...new Set(values)].sort() };
  });
  dimensions.push({ name: metric, type: 'value', scale: true, nameTextStyle: { fontWeight: 'bold' } });
  const lines = data.map((d, i) => ({
    name: names[i],
    value: [...paramKeys.map((k, j) => dimensions[j].type === 'value' ? Number(d.params[k]) : d.params[k] ?? null), Number(d.metrics[metric])],
  }));
  drawChart(element, chart => {
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: p => `${p.name}` },
      parallelAxis: dimensions.map((d, i) => ({ dim: i, ...d })),
      parallel: { left: 60, right: 80, top: 40, bottom: 30 },
      visualMap: { show: true, type: 'continuous', dimension: dimensions.length - 1, calculable: false, right: 0, top: 'middle',
        min: Math.min(...lines.map(l => l.value.at(-1)).filter(Number.isFinite)), max: Math.max(...lines.map(l => l.value.at(-1)).filter(Number.isFinite)),
        inRange: { color: ['#4575b4', '#fee090', '#d73027'] } },
      series: [{ type: 'parallel', lineStyle: { width: 2, opacity: 0.8 }, data: lines }],
    });
    element.dataset.rendered = 'true';
  });
  return element;
}
