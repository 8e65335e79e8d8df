import { ariadne, artifactUrl, getRun, mlflow, runData, searchRuns } from '../api.js';
import { chartControls, chartState, lineChart, loadSeries, pointsFor } from '../chart.js';
import { errorBox, format, h, section, table } from '../dom.js';
import { preview } from '../preview.js';
import { link, update } from '../state.js';

const LOG = 'logs/output.log';

export async function runView(query, runId) {
  const run = await getRun(runId);
  const data = runData(run);
  const info = run.info;
  const [experiment, inputs, environment, artifacts, children] = await Promise.all([
    mlflow('experiments/get', { experiment_id: info.experiment_id }).then(r => r.experiment),
    ariadne('runs/inputs', { run_id: runId }).then(r => r.inputs ?? [], () => []),
    ariadne('runs/environment', { run_id: runId }).catch(() => ({ environment: [], records: [] })),
    ariadne('runs/artifacts', { run_id: runId }).then(r => r.artifacts ?? [], () => []),
    searchRuns({ experimentIds: [info.experiment_id], filter: `attributes.parent_run_id = '${runId}'`, maxResults: 1000 }).then(r => r.runs ?? [], () => []),
  ]);
  const parent = data.tags['mlflow.parentRunId'];
  const state = chartState(query);
  const metricKeys = Object.keys(data.metrics).sort();
  if (!metricKeys.includes(state.metric)) state.metric = metricKeys[0] ?? '';
  const userTags = Object.entries(data.tags).filter(([k]) => !k.startsWith('ariadne.') && !k.startsWith('mlflow.')).sort();

  const overview = table(['', ''], [
    ['Run id', h('span', { class: 'mono' }, info.run_id)],
    ['Experiment', h('a', { href: link(`/experiments/${encodeURIComponent(info.experiment_id)}`) }, experiment.name)],
    ['Status', h('span', { class: `status ${info.status}` }, info.status)],
    ['User', info.user_id],
    ['Start', format.time(info.start_time)],
    ['End', format.time(info.end_time)],
    ['Duration', format.duration(info.start_time, info.end_time)],
    parent ? ['Parent run', h('a', { href: link(`/runs/${parent}`), id: 'parent-run' }, parent)] : null,
    children.length ? ['Child runs', h('ul', { id: 'child-runs' }, children.map(c => h('li', {}, h('a', { href: link(`/runs/${c.info.run_id}`) }, c.info.run_name || c.info.run_id), ' ', h('span', { class: `status ${c.info.status}` }, c.info.status))))] : null,
  ].filter(Boolean).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))), { class: 'kv', id: 'overview' });

  const chartArea = h('div', { id: 'chart-area' });
  if (state.metric) {
    loadSeries([run], state.metric, pointsFor(state)).then(series => {
      chartArea.replaceChildren(lineChart(series, { ...state, key: state.metric, onZoom: (a, b) => update({ zoom: `${a.toFixed(2)},${b.toFixed(2)}` }, { silent: true }) }));
    }, error => chartArea.replaceChildren(errorBox(error)));
  }

  const artifactPanel = h('div', { id: 'artifact-preview' });
  const showArtifact = async path => {
    const artifact = artifacts.find(a => a.path === path);
    if (!artifact) return;
    artifactPanel.replaceChildren(h('p', {}, `Loading ${path}…`));
    try {
      artifactPanel.replaceChildren(h('h3', {}, path), await preview(artifactUrl(run, path), path, artifact.size));
    } catch (error) {
      artifactPanel.replaceChildren(errorBox(error));
    }
  };
  const chosen = query.get('artifact');
  if (chosen) showArtifact(chosen);

  const log = artifacts.find(a => a.path === LOG);
  const logArea = h('div', { id: 'run-log' });
  if (log) preview(artifactUrl(run, LOG), LOG, log.size).then(node => logArea.replaceChildren(node), error => logArea.replaceChildren(errorBox(error)));

  const envRecords = (environment.records ?? []);
  const envArea = h('div', { id: 'environment-records' });
  for (const record of envRecords) {
    preview(artifactUrl(run, record.path), record.path, record.size).then(node => envArea.append(h('h3', {}, record.path), node), () => {});
  }

  return h('div', { class: 'run-page' },
    h('h1', {}, info.run_name || info.run_id),
    section('Overview', overview),
    reproductions(data.tags),
    section('Parameters', Object.keys(data.params).length
      ? table(['Name', 'Value'], Object.entries(data.params).sort().map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', { class: 'mono' }, v))), { id: 'params' })
      : h('p', {}, 'No parameters.')),
    section('Metrics', metricKeys.length
      ? [table(['Name', 'Latest value', 'Step'], (run.data.metrics ?? []).slice().sort((a, b) => a.key.localeCompare(b.key)).map(m => h('tr', {},
          h('td', {}, h('a', { href: link(`/runs/${runId}`, { metric: m.key }) }, m.key)),
          h('td', { class: 'num' }, format.number(m.value)),
          h('td', { class: 'num' }, String(m.step)))), { id: 'metrics' }),
        chartControls(metricKeys, state, patch => update(patch)),
        chartArea]
      : h('p', {}, 'No metrics.')),
    section('Tags', userTags.length ? table(['Name', 'Value'], userTags.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v))), { id: 'tags' }) : h('p', {}, 'No tags.')),
    section('Inputs', inputs.length
      ? table(['Dataset', 'Version', 'Role', 'Hash', 'Pointer file'], inputs.map(i => h('tr', {},
          h('td', {}, i.dataset_name ?? ''), h('td', {}, i.dataset_version ?? ''), h('td', {}, i.role),
          h('td', { class: 'mono' }, h('a', { href: link('/datasets', { hash: i.hash }), title: i.hash }, format.shortHash(i.hash))),
          h('td', {}, i.pointer_path ?? ''))), { id: 'inputs' })
      : h('p', {}, 'No recorded inputs.')),
    section('Environment and git', (environment.environment ?? []).length
      ? table(['Name', 'Value'], environment.environment.map(e => h('tr', {}, h('td', {}, e.key.replace(/^ariadne\./, '')), h('td', { class: 'mono' }, e.value))), { id: 'environment' })
      : h('p', {}, 'No environment recorded.'), envArea),
    log ? section('Log', logArea) : null,
    section('Artifacts', artifacts.length
      ? [table(['Path', 'Size', 'Hash'], artifacts.map(a => h('tr', {},
          h('td', {}, h('a', { href: link(`/runs/${runId}`, { ...Object.fromEntries(query), artifact: a.path }), dataset: { artifact: a.path } }, a.path)),
          h('td', { class: 'num' }, format.bytes(a.size)),
          h('td', { class: 'mono', title: a.hash }, format.shortHash(a.hash)))), { id: 'artifacts' }), artifactPanel]
      : h('p', {}, 'No artifacts.')));
}

// 'ariadne reproduce': the run this one reproduces, and the reproductions of this run with their result (tags ariadne.reproduction_of, ariadne.reproductions).
function reproductions(tags) {
  const of = tags['ariadne.reproduction_of'];
  const list = (tags['ariadne.reproductions'] ?? '').split(',').filter(Boolean).map(entry => entry.split(':'));
  if (!of && !list.length) return null;
  const runLink = id => h('a', { href: link(`/runs/${id}`), class: 'mono' }, id);
  return section('Reproductions', h('div', { id: 'reproductions' },
    of ? h('p', {}, 'Reproduction of run ', runLink(of), `: ${tags['ariadne.reproduction.result'] ?? 'running'}.`) : null,
    list.length ? h('ul', {}, list.map(([id, result]) => h('li', {}, runLink(id), ' ', h('span', { class: `status ${result === 'reproduced' ? 'FINISHED' : 'FAILED'}` }, result)))) : null));
}
