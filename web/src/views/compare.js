import { getRun, mlflow, runData } from '../api.js';
import { chartControls, chartState, lineChart, loadSeries, pointsFor } from '../chart.js';
import { breadcrumbs, errorBox, format, h, pageTitle, section } from '../dom.js';
import { bestOf, metricGoal } from '../goal.js';
import { axisParams, parallelControls, parallelCoordinates } from '../parallel.js';
import { link, list, update } from '../state.js';

export async function compareView(query) {
  const ids = list(query, 'runs');
  pageTitle('Compare runs');
  if (ids.length < 2) {
    return section('Compare runs', h('p', {}, 'Select two or more runs in a runs table, then press "Compare selected".'));
  }

  const runs = await Promise.all(ids.map(getRun));
  const experimentId = query.get('exp') ?? runs[0].info.experiment_id;
  const experiment = await mlflow('experiments/get', { experiment_id: experimentId }).then(r => r.experiment, () => null);
  // A comparison started from a sweep ranks by the sweep's own metric and direction.
  const declared = query.get('goal') ?? '';
  const data = runs.map(runData);
  const names = runs.map(r => r.info.run_name || r.info.run_id);
  const paramKeys = [...new Set(data.flatMap(d => Object.keys(d.params)))].sort();
  const metricKeys = [...new Set(data.flatMap(d => Object.keys(d.metrics)))].sort();
  const state = chartState(query);
  if (!metricKeys.includes(state.metric)) state.metric = metricKeys[0] ?? '';
  pageTitle(`Compare ${runs.length} runs`, experiment?.name);

  const header = h('tr', {}, h('th', {}, ''), runs.map((r, i) => h('th', { scope: 'col' }, h('a', { href: link(`/runs/${r.info.run_id}`) }, names[i]))));
  const paramRows = paramKeys.map(key => {
    const values = data.map(d => d.params[key]);
    const differs = new Set(values.map(v => v ?? '\u0000')).size > 1;
    return h('tr', { class: differs ? 'differs' : '', dataset: { param: key } }, h('th', { scope: 'row' }, key), values.map(v => h('td', { class: 'mono' }, v ?? '—')));
  });
  const metricRows = metricKeys.map(key => {
    const values = data.map(d => d.metrics[key]);
    const goal = metricGoal(key, declared);
    const best = bestOf(values, goal);
    return h('tr', { dataset: { metric: key, goal } },
      h('th', { scope: 'row' }, key, h('span', { class: 'note', title: goal === 'min' ? 'lower is better' : 'higher is better' }, goal === 'min' ? ' ↓' : ' ↑')),
      values.map(v => h('td', { class: 'num' + (best !== undefined && Number(v) === best ? ' best' : '') }, format.number(v))));
  });

  const chartArea = h('div', { id: 'chart-area' });
  if (state.metric) {
    loadSeries(runs, state.metric, pointsFor(state)).then(series => chartArea.replaceChildren(lineChart(series, {
      ...state, key: state.metric, onZoom: (a, b) => update({ zoom: `${a.toFixed(2)},${b.toFixed(2)}` }, { silent: true }),
    })), error => chartArea.replaceChildren(errorBox(error)));
  }

  const parallel = { metric: metricKeys.includes(query.get('pmetric')) ? query.get('pmetric') : state.metric, withSeed: query.get('seed') === '1' };
  return h('div', { class: 'compare-page' },
    breadcrumbs(['Experiments', link('/')], experiment ? [experiment.name, link(`/experiments/${encodeURIComponent(experimentId)}`, { sel: ids })] : null, ['Compare']),
    h('h1', {}, `Comparing ${runs.length} runs`),
    section('Parameters', h('p', { class: 'note' }, `${paramRows.filter(r => r.classList.contains('differs')).length} of ${paramKeys.length} differ (highlighted).`),
      h('div', { class: 'scroll' }, h('table', { id: 'compare-params', class: 'compare' }, h('thead', {}, header.cloneNode(true)), h('tbody', {}, paramRows)))),
    section('Metrics (latest values)', h('p', { class: 'note' }, 'The best value of each metric is marked: the lowest for losses and errors (↓), the highest otherwise (↑); a row where every run agrees has none.'),
      h('div', { class: 'scroll' }, h('table', { id: 'compare-metrics', class: 'compare' }, h('thead', {}, header.cloneNode(true)), h('tbody', {}, metricRows)))),
    metricKeys.length ? section('Curves', chartControls(metricKeys, state, patch => update(patch)), chartArea) : null,
    metricKeys.length ? section('Parameters against a metric',
      parallelControls(metricKeys, parallel, patch => update(patch)),
      parallelCoordinates(data, { metric: parallel.metric, goal: metricGoal(parallel.metric, declared), names, paramKeys: axisParams(data, paramKeys, parallel) })) : null);
}
