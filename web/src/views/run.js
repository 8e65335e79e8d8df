import { ariadne, artifactUrl, getRun, mlflow, runData, searchRuns, session } from '../api.js';
import { chartControls, chartGrid, chartState, lineChart, loadSeries, pointsFor } from '../chart.js';
import { breadcrumbs, errorBox, format, h, idWithCopy, pageTitle, section, table } from '../dom.js';
import { preview } from '../preview.js';
import { link, update } from '../state.js';

const LOG = 'logs/output.log';
/** MLflow's tag for a run's description: MLflow's own UI and clients read and write the same tag. */
export const NOTE_TAG = 'mlflow.note.content';
const RUN_ID = /^[0-9a-f]{32}$/;

export async function runView(query, runId) {
  const run = await getRun(runId);
  const data = runData(run);
  const info = run.info;
  const parentId = data.tags['mlflow.parentRunId'];
  const [experiment, inputs, environment, artifacts, children, parent, who] = await Promise.all([
    mlflow('experiments/get', { experiment_id: info.experiment_id }).then(r => r.experiment),
    ariadne('runs/inputs', { run_id: runId }).then(r => r.inputs ?? [], () => []),
    ariadne('runs/environment', { run_id: runId }).catch(() => ({ environment: [], records: [] })),
    ariadne('runs/artifacts', { run_id: runId }).then(r => r.artifacts ?? [], () => []),
    searchRuns({ experimentIds: [info.experiment_id], filter: `attributes.parent_run_id = '${runId}'`, maxResults: 1000 }).then(r => r.runs ?? [], () => []),
    parentId ? getRun(parentId).catch(() => null) : null,
    session(),
  ]);
  const name = info.run_name || info.run_id;
  pageTitle(name, experiment.name);
  const context = { query, run, data, info, experiment, inputs, environment, artifacts, children, parent, canWrite: who.can_write };

  return h('div', { class: 'run-page' },
    runBreadcrumbs(context),
    h('h1', {}, name),
    section('Overview', overviewTable(context)),
    reproductions(data.tags),
    notesSection(context),
    section('Parameters', Object.keys(data.params).length
      ? table(['Name', 'Value'], Object.entries(data.params).sort().map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', { class: 'mono' }, valueCell(k, v)))), { id: 'params' })
      : h('p', {}, 'No parameters.')),
    metricsSection(context),
    systemMetricsSection(run),
    tagsSection(context),
    inputsSection(context),
    environmentSection(context),
    logSection(context),
    mediaSection(run, artifacts),
    artifactsSection(context));
}

/** Experiments › experiment › the parents (by name) › this run. */
function runBreadcrumbs({ info, experiment, parent, data }) {
  const grandparentId = parent ? runData(parent).tags['mlflow.parentRunId'] : null;
  const runLink = r => [r.info.run_name || r.info.run_id, link(runData(r).tags['ariadne.sweep'] === 'true' ? `/sweeps/${r.info.run_id}` : `/runs/${r.info.run_id}`)];
  return breadcrumbs(
    ['Experiments', link('/')],
    [experiment.name, link(`/experiments/${encodeURIComponent(info.experiment_id)}`)],
    grandparentId ? ['…', link(`/runs/${grandparentId}`)] : null,
    parent ? runLink(parent) : null,
    [info.run_name || info.run_id, data.tags['ariadne.sweep'] === 'true' ? link(`/sweeps/${info.run_id}`) : null]);
}

function overviewTable({ info, data, experiment, parent, children }) {
  const parentId = data.tags['mlflow.parentRunId'];
  const stage = data.tags['ariadne.pipeline.stage'];
  const isPipeline = data.tags['ariadne.pipeline'] !== undefined && !stage;
  return table(['', ''], [
    ['Run id', idWithCopy(info.run_id, 'run id')],
    ['Experiment', h('a', { href: link(`/experiments/${encodeURIComponent(info.experiment_id)}`) }, experiment.name)],
    ['Status', h('span', { class: `status ${info.status}` }, info.status)],
    ['User', info.user_id],
    ['Start', format.time(info.start_time)],
    ['End', format.time(info.end_time)],
    ['Duration', format.duration(info.start_time, info.end_time)],
    parentId ? ['Parent run', h('span', {}, h('a', { href: link(`/runs/${parentId}`), id: 'parent-run', dataset: { run: parentId } }, parent?.info.run_name || parentId), ' ', h('span', { class: 'note mono' }, parentId.slice(0, 8)))] : null,
    stage ? ['Pipeline', h('span', {}, `stage '${stage}' of `, h('a', { href: link('/pipelines', { run: parentId }), id: 'pipeline-link' }, 'this pipeline run\'s graph'),
      data.tags['ariadne.pipeline.reason'] ? h('span', { class: 'note' }, ` — ${data.tags['ariadne.pipeline.restored'] === 'true' ? 'restored' : 'ran'}: ${data.tags['ariadne.pipeline.reason']}`) : null)] : null,
    isPipeline ? ['Pipeline', h('a', { href: link('/pipelines', { run: info.run_id }), id: 'pipeline-link' }, 'graph of this pipeline run')] : null,
    data.tags['ariadne.sweep'] === 'true' ? ['Sweep', h('a', { href: link(`/sweeps/${info.run_id}`), id: 'sweep-link' }, 'trials and parallel coordinates')] : null,
    children.length ? ['Child runs', h('ul', { id: 'child-runs' }, children.map(c => h('li', {}, h('a', { href: link(`/runs/${c.info.run_id}`) }, c.info.run_name || c.info.run_id), ' ', h('span', { class: `status ${c.info.status}` }, c.info.status))))] : null,
  ].filter(Boolean).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))), { class: 'kv', id: 'overview' });
}

/** A value as shown: a run id becomes a link to its run, a time (epoch ms, .NET ticks) a date and time. */
export function valueCell(key, value) {
  if (RUN_ID.test(String(value))) return h('a', { href: link(`/runs/${value}`), class: 'run-link mono' }, value);
  const shown = format.maybeTime(key, value);
  return shown === value ? value : h('time', { title: String(value), datetime: String(value) }, shown);
}

/** The run's description (MLflow's note tag), editable by writers. */
function notesSection({ run, data, canWrite }) {
  const text = data.tags[NOTE_TAG] ?? '';
  const body = h('div', { id: 'run-note' });
  const show = current => {
    body.replaceChildren(
      current ? h('div', { class: 'note-text', id: 'note-text' }, current) : h('p', { class: 'note', id: 'note-text' }, 'No description.'),
      canWrite ? h('button', { type: 'button', id: 'edit-note', onclick: () => edit(current) }, current ? 'Edit description' : 'Add a description') : null);
  };
  const edit = current => {
    const editor = h('textarea', { class: 'note-editor', id: 'note-editor', 'aria-label': 'Description' });
    editor.value = current;
    const error = h('div', {});
    body.replaceChildren(editor, h('div', { class: 'inline-form' },
      h('button', { type: 'button', id: 'save-note', onclick: async () => {
        try {
          const value = editor.value.trim();
          if (value) await mlflow('runs/set-tag', { run_id: run.info.run_id, key: NOTE_TAG, value });
          else if (current) await mlflow('runs/delete-tag', { run_id: run.info.run_id, key: NOTE_TAG });
          show(value);
          document.getElementById('edit-note')?.focus();
        } catch (e) {
          error.replaceChildren(errorBox(e));
        }
      } }, 'Save'),
      h('button', { type: 'button', onclick: () => show(current) }, 'Cancel')), error);
    editor.focus();
  };
  show(text);
  return section('Description', body);
}

/** The metrics table, the chart of one metric with its controls, and a grid of every metric (system metrics apart). */
function metricsSection({ query, run }) {
  const state = chartState(query);
  const metricKeys = (run.data.metrics ?? []).map(m => m.key).filter(k => !isSystemMetric(k)).sort();
  if (!metricKeys.length) return section('Metrics', h('p', {}, 'No metrics.'));
  if (!metricKeys.includes(state.metric)) state.metric = metricKeys[0];
  const chartArea = h('div', { id: 'chart-area' });
  loadSeries([run], state.metric, pointsFor(state)).then(series => {
    chartArea.replaceChildren(lineChart(series, { ...state, key: state.metric, onZoom: (a, b) => update({ zoom: `${a.toFixed(2)},${b.toFixed(2)}` }, { silent: true }) }));
  }, error => chartArea.replaceChildren(errorBox(error)));
  const runId = run.info.run_id;
  return [
    section('Metrics',
      table(['Name', 'Latest value', 'Step'], (run.data.metrics ?? []).filter(m => !isSystemMetric(m.key)).sort((a, b) => a.key.localeCompare(b.key)).map(m => h('tr', {},
        h('td', {}, h('a', { href: link(`/runs/${runId}`, { metric: m.key }) }, m.key)),
        h('td', { class: 'num' }, format.number(m.value)),
        h('td', { class: 'num' }, String(m.step)))), { id: 'metrics' }),
      chartControls(metricKeys, state, patch => update(patch)),
      chartArea),
    metricKeys.length > 1 ? section('All metrics', chartGrid([{ ...run, data: { ...run.data, metrics: (run.data.metrics ?? []).filter(m => !isSystemMetric(m.key)) } }], { id: 'metric-grid', smooth: state.smooth, x: state.x })) : null,
  ];
}

/** Tags set by people (not Ariadne's or MLflow's own); writers add, change and delete them. */
function tagsSection({ run, data, canWrite }) {
  const tags = { ...data.tags };
  const visible = () => Object.entries(tags).filter(([k]) => !k.startsWith('ariadne.') && !k.startsWith('mlflow.')).sort();
  const body = h('div', { id: 'tags-area' });
  const error = h('div', {});
  const set = async (key, value) => {
    try {
      await mlflow('runs/set-tag', { run_id: run.info.run_id, key, value });
      tags[key] = value;
      draw();
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  };
  const remove = async key => {
    try {
      await mlflow('runs/delete-tag', { run_id: run.info.run_id, key });
      delete tags[key];
      draw();
    } catch (e) {
      error.replaceChildren(errorBox(e));
    }
  };
  const draw = () => {
    const rows = visible().map(([k, v]) => h('tr', { dataset: { tag: k } }, h('td', {}, k), h('td', {}, valueCell(k, v)),
      canWrite ? h('td', {}, h('button', { type: 'button', class: 'delete-tag', 'aria-label': `Delete tag ${k}`, onclick: () => remove(k) }, 'Delete')) : null));
    const form = canWrite ? h('form', { class: 'inline-form', id: 'tag-form', onsubmit: event => {
      event.preventDefault();
      const key = event.target.elements.key.value.trim();
      if (!key) { error.replaceChildren(errorBox('A tag needs a name.')); return; }
      if (key.startsWith('mlflow.') || key.startsWith('ariadne.')) { error.replaceChildren(errorBox(`Tags named mlflow.* and ariadne.* are kept by the tools; choose another name than '${key}'.`)); return; }
      error.replaceChildren();
      set(key, event.target.elements.value.value);
    } },
    h('input', { type: 'text', name: 'key', placeholder: 'name', 'aria-label': 'Tag name' }),
    h('input', { type: 'text', name: 'value', placeholder: 'value', 'aria-label': 'Tag value' }),
    h('button', { type: 'submit' }, 'Set tag')) : null;
    body.replaceChildren(rows.length ? table(['Name', 'Value', canWrite ? '' : null].filter(x => x !== null), rows, { id: 'tags' }) : h('p', {}, 'No tags.'), form, error);
  };
  draw();
  return section('Tags', body);
}

function inputsSection({ inputs }) {
  return section('Inputs', inputs.length
    ? table(['Dataset', 'Version', 'Role', 'Hash', 'Pointer file'], inputs.map(i => h('tr', {},
        h('td', {}, i.dataset_name ?? ''), h('td', {}, i.dataset_version ?? ''), h('td', {}, i.role),
        h('td', { class: 'mono' }, h('a', { href: link('/datasets', { hash: i.hash }), title: i.hash }, format.shortHash(i.hash))),
        h('td', {}, i.pointer_path ?? ''))), { id: 'inputs' })
    : h('p', {}, 'No recorded inputs.'));
}

function environmentSection({ run, environment }) {
  const envArea = h('div', { id: 'environment-records' });
  for (const record of environment.records ?? []) {
    preview(artifactUrl(run, record.path), record.path, record.size).then(node => envArea.append(h('h3', {}, record.path), node), () => {});
  }
  return section('Environment and git', (environment.environment ?? []).length
    ? table(['Name', 'Value'], environment.environment.map(e => h('tr', {}, h('td', {}, e.key.replace(/^ariadne\./, '')), h('td', { class: 'mono' }, valueCell(e.key, e.value)))), { id: 'environment' })
    : h('p', {}, 'No environment recorded.'), envArea);
}

function logSection({ run, artifacts }) {
  const log = artifacts.find(a => a.path === LOG);
  if (!log) return null;
  const logArea = h('div', { id: 'run-log' });
  preview(artifactUrl(run, LOG), LOG, log.size).then(node => logArea.replaceChildren(node), error => logArea.replaceChildren(errorBox(error)));
  return section('Log', logArea);
}

/** Artifacts as a folder tree (folders open to show their files); choosing a file previews it below. */
function artifactsSection({ query, run, artifacts }) {
  if (!artifacts.length) return section('Artifacts', h('p', {}, 'No artifacts.'));
  const runId = run.info.run_id;
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
  const file = a => h('li', { dataset: { path: a.path } },
    h('a', { href: link(`/runs/${runId}`, { ...Object.fromEntries(query), artifact: a.path }), dataset: { artifact: a.path } }, a.path.split('/').at(-1)),
    h('span', { class: 'size' }, format.bytes(a.size)),
    h('span', { class: 'size mono', title: a.hash }, format.shortHash(a.hash)));
  const openAll = artifacts.length <= 50;
  const tree = node => h('ul', { class: 'tree' },
    [...node.folders.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, child]) => h('li', { dataset: { folder: child.path } },
      h('details', { open: openAll || chosen?.startsWith(child.path + '/') },
        h('summary', {}, `${name}/`, h('span', { class: 'size' }, `${child.count} files`)), tree(child)))),
    node.files.sort((a, b) => a.path.localeCompare(b.path)).map(file));
  return section('Artifacts', h('div', { id: 'artifacts' }, tree(artifactTree(artifacts))), artifactPanel);
}

/** Artifact paths as nested folders: { folders: Map(name → node), files: [artifact], path, count, depth }. */
export function artifactTree(artifacts) {
  const root = { folders: new Map(), files: [], path: '', count: 0, depth: 0 };
  for (const artifact of artifacts) {
    const parts = artifact.path.split('/');
    let node = root;
    node.count++;
    for (const part of parts.slice(0, -1)) {
      if (!node.folders.has(part)) node.folders.set(part, { folders: new Map(), files: [], path: node.path ? `${node.path}/${part}` : part, count: 0, depth: node.depth + 1 });
      node = node.folders.get(part);
      node.count++;
    }
    node.files.push(artifact);
  }
  return root;
}

const SYSTEM = 'system/';
const isSystemMetric = key => key.startsWith(SYSTEM);

/**
 * The run's system/* metrics (CPU, memory, disk, network, GPUs; docs/system-metrics.md) in their own section: the
 * latest values and a small chart of each over time. Nothing when the run has none.
 */
function systemMetricsSection(run) {
  const metrics = (run.data.metrics ?? []).filter(m => isSystemMetric(m.key)).sort((a, b) => a.key.localeCompare(b.key));
  if (!metrics.length) return null;
  const charts = h('div', { class: 'system-charts' });
  for (const m of metrics) {
    const slot = h('div', { class: 'system-chart' }, h('h3', {}, m.key.slice(SYSTEM.length)));
    charts.append(slot);
    loadSeries([run], m.key, 500).then(series => slot.append(lineChart(series, { key: m.key, x: 'time' })), error => slot.append(errorBox(error)));
  }
  return h('section', { class: 'card', id: 'system-metrics' }, h('h2', {}, 'System metrics'),
    table(['Name', 'Latest value', 'Step'], metrics.map(m => h('tr', {},
      h('td', {}, m.key.slice(SYSTEM.length)), h('td', { class: 'num' }, format.number(m.value)), h('td', { class: 'num' }, String(m.step))))),
    charts);
}

// Images, figures and tables the SDK logged (LogImageAsync, LogFigureAsync, LogTableAsync store them under images/,
// figures/ and tables/): shown on the run's page as they are, without a click.
const MEDIA = /^(images|figures|tables)\//;

function mediaSection(run, artifacts) {
  const media = artifacts.filter(a => MEDIA.test(a.path));
  if (!media.length) return null;
  const area = h('div', { id: 'media' });
  for (const artifact of media) {
    const item = h('figure', { class: 'media', dataset: { artifact: artifact.path } }, h('figcaption', {}, artifact.path));
    area.append(item);
    preview(artifactUrl(run, artifact.path), artifact.path, artifact.size).then(node => item.append(node), error => item.append(errorBox(error)));
  }
  return section('Images, figures and tables', area);
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
