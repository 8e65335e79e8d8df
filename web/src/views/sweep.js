import { getRun, mlflow, runData, searchRuns } from '../api.js';
import { breadcrumbs, format, h, idWithCopy, pageTitle, section, table } from '../dom.js';
import { bestOf, metricGoal, parseGoal } from '../goal.js';
import { axisParams, parallelControls, parallelCoordinates } from '../parallel.js';
import { link, list, update } from '../state.js';

// Params of the sweep run itself that describe the search rather than a swept param.
const SEARCH_PARAMS = new Set(['trials', 'seed', 'metric', 'reusable_holdout']);

/** A sweep: its trials as a table (params and the sweep's metric, the best marked by the metric's direction), and parallel coordinates. */
export async function sweepView(query, sweepId) {
  const sweep = await getRun(sweepId);
  const data = runData(sweep);
  const [experiment, trials] = await Promise.all([
    mlflow('experiments/get', { experiment_id: sweep.info.experiment_id }).then(r => r.experiment),
    allChildren(sweep),
  ]);
  const declared = parseGoal(data.params['sweep.metric']);
  const trialData = trials.map(runData);
  const metricKeys = [...new Set(trialData.flatMap(d => Object.keys(d.metrics)))].sort();
  const metric = declared ? metricKeys.find(k => k === declared.metric || declared.metric.endsWith(':' + k) || k.endsWith(declared.metric)) ?? declared.metric : metricKeys[0] ?? '';
  const goal = declared?.goal ?? metricGoal(metric);
  const swept = Object.keys(data.params).filter(k => k.startsWith('sweep.') && !SEARCH_PARAMS.has(k.slice(6))).map(k => k.slice(6));
  const paramKeys = swept.length ? swept.filter(k => trialData.some(d => k in d.params)) : [...new Set(trialData.flatMap(d => Object.keys(d.params)))].sort();
  const best = bestOf(trialData.map(d => d.metrics[metric]), goal);
  const bestRun = data.tags['ariadne.sweep.best_run'];
  const selected = new Set(list(query, 'sel'));
  const name = sweep.info.run_name || sweepId;
  pageTitle(`Sweep ${name}`, experiment.name);

  const compare = h('button', { type: 'button', id: 'compare-trials', onclick: () => {
    const ids = selected.size >= 2 ? [...selected] : trials.map(t => t.info.run_id);
    location.hash = link('/compare', { runs: ids, exp: sweep.info.experiment_id, goal: `${goal} ${metric}` });
  } });
  const refresh = () => {
    compare.textContent = selected.size >= 2 ? `Compare ${selected.size} selected trials` : `Compare all ${trials.length} trials`;
    compare.disabled = trials.length < 2;
    update({ sel: [...selected] }, { silent: true });
  };
  refresh();

  const ordered = trials.map((t, i) => ({ run: t, data: trialData[i] })).sort((a, b) => {
    const x = Number(a.data.metrics[metric]), y = Number(b.data.metrics[metric]);
    if (!Number.isFinite(x)) return 1;
    if (!Number.isFinite(y)) return -1;
    return goal === 'min' ? x - y : y - x;
  });
  const rows = ordered.map(({ run, data: d }) => {
    const id = run.info.run_id;
    const value = d.metrics[metric];
    const isBest = best !== undefined && Number(value) === best;
    return h('tr', { dataset: { run: id, best: isBest ? 'true' : null }, class: isBest ? 'chosen' : '' },
      h('td', {}, h('input', { type: 'checkbox', class: 'select', checked: selected.has(id), 'aria-label': `Select ${run.info.run_name}`, onchange: e => {
        if (e.target.checked) selected.add(id); else selected.delete(id);
        refresh();
      } })),
      h('td', { class: 'name' }, h('a', { href: link(`/runs/${id}`) }, run.info.run_name || id), isBest ? h('span', { class: 'note' }, ' best') : null),
      h('td', {}, h('span', { class: `status ${run.info.status}` }, run.info.status)),
      paramKeys.map(k => h('td', { class: 'mono' }, d.params[k] ?? '')),
      h('td', { class: 'num' + (isBest ? ' best' : '') }, format.number(value)));
  });

  const parallel = { metric: metricKeys.includes(query.get('pmetric')) ? query.get('pmetric') : metric, withSeed: query.get('seed') === '1' };
  return h('div', { class: 'sweep-page' },
    breadcrumbs(['Experiments', link('/')], [experiment.name, link(`/experiments/${encodeURIComponent(sweep.info.experiment_id)}`)], [`Sweep ${name}`]),
    h('h1', {}, `Sweep ${name}`),
    section('Overview', table(['', ''], [
      ['Run id', idWithCopy(sweepId, 'run id')],
      ['Status', h('span', { class: `status ${sweep.info.status}` }, sweep.info.status)],
      ['Started', format.time(sweep.info.start_time)],
      ['Duration', format.duration(sweep.info.start_time, sweep.info.end_time)],
      ['Search', `${data.tags['ariadne.sweep.kind'] ?? ''} over ${paramKeys.join(', ')}; ${trials.length} trials`],
      ['Metric', h('span', { id: 'sweep-metric', dataset: { goal } }, `${metric} (${goal === 'min' ? 'lower' : 'higher'} is better)`)],
      bestRun ? ['Best trial', h('a', { href: link(`/runs/${bestRun}`), id: 'best-run' }, trials.find(t => t.info.run_id === bestRun)?.info.run_name ?? bestRun)] : null,
      ['Run page', h('a', { href: link(`/runs/${sweepId}`) }, 'params, tags and artifacts of the sweep run')],
    ].filter(Boolean).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))), { class: 'kv' })),
    section('Trials',
      h('div', { class: 'toolbar' }, h('p', { class: 'note' }, `Sorted by ${metric}, best first. Tick trials to compare a few; with none ticked the button compares them all.`), compare),
      h('div', { class: 'table-scroll' }, table(['', 'Trial', 'Status', paramKeys, metric], rows, { id: 'trials', class: 'runs' }))),
    metricKeys.length ? section('Parameters against a metric',
      parallelControls(metricKeys, parallel, patch => update(patch)),
      parallelCoordinates(trialData, {
        metric: parallel.metric, goal: parallel.metric === metric ? goal : metricGoal(parallel.metric),
        names: trials.map(t => t.info.run_name || t.info.run_id), paramKeys: axisParams(trialData, paramKeys, parallel),
      })) : null);
}

async function allChildren(run) {
  const runs = [];
  let token;
  do {
    const page = await searchRuns({ experimentIds: [run.info.experiment_id], filter: `attributes.parent_run_id = '${run.info.run_id}'`, orderBy: 'attributes.start_time', maxResults: 1000, pageToken: token });
    runs.push(...(page.runs ?? []));
    token = page.next_page_token;
  } while (token);
  return runs;
}
