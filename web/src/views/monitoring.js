// A model version in use: what `ariadne monitor run` found per time window (per-feature drift as a heat map,
// prediction drift, rows, the performance curve once labels exist), the alerts `ariadne monitor check` fired, and the
// `ariadne serve` instances of the model. Everything comes from tracked runs (docs/ui.md, "Monitoring page"):
//   ariadne-monitoring: tags ariadne.monitor.kind = run | check, ariadne.monitor.model, ariadne.monitor.version;
//                       a run's artifact monitor/report.json, else its metrics drift.*, drifted.*, rows, ... by window
//   ariadne-serving:    tag ariadne.serving.model; artifacts predictions/v{version}/*.parquet, one per flush
import { allExperiments, ariadne, artifactUrl, history, mlflow, runData, searchRuns } from '../api.js';
import { drawChart } from '../chart.js';
import { breadcrumbs, format, h, pageTitle, section, table } from '../dom.js';
import { link, update } from '../state.js';
import { modelLink } from './models.js';

export const MONITORING_EXPERIMENT = 'ariadne-monitoring';
export const SERVING_EXPERIMENT = 'ariadne-serving';
const CLASSIFIER_METRICS = ['accuracy', 'f1', 'auc'];
const REGRESSOR_METRICS = ['rmse', 'mae'];
const PERFORMANCE_METRICS = [...CLASSIFIER_METRICS, ...REGRESSOR_METRICS];

export const monitoringLink = (name, version, query = {}) => link(`/models/${encodeURIComponent(name)}/${version}/monitoring`, query);

const quote = text => `'${String(text).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** Runs of one experiment matching a filter, newest first (none when the experiment does not exist yet). */
async function runsOf(experimentId, filter, maxResults = 1000) {
  if (!experimentId) return [];
  const page = await searchRuns({ experimentIds: [experimentId], filter, orderBy: 'attributes.start_time DESC', maxResults });
  return page.runs ?? [];
}

/** The monitoring page of model NAME version V (query: run = the monitor run shown, default the newest). */
export async function monitoringView(query, name, version) {
  pageTitle(`${name} v${version}`, 'Monitoring');
  const [modelVersion, experiments] = await Promise.all([
    mlflow('model-versions/get', { name, version }).then(r => r.model_version),
    allExperiments(),
  ]);
  const experimentId = experimentName => experiments.find(e => e.name === experimentName)?.experiment_id;
  const monitoring = experimentId(MONITORING_EXPERIMENT);
  const serving = experimentId(SERVING_EXPERIMENT);
  const ofVersion = `tags.\`ariadne.monitor.model\` = ${quote(name)} and tags.\`ariadne.monitor.version\` = ${quote(version)}`;
  const [monitorRuns, checkRuns, servingRuns] = await Promise.all([
    runsOf(monitoring, `tags.\`ariadne.monitor.kind\` = 'run' and ${ofVersion}`),
    runsOf(monitoring, `tags.\`ariadne.monitor.kind\` = 'check' and ${ofVersion}`, 200),
    runsOf(serving, `tags.\`ariadne.serving.model\` = ${quote(name)}`, 200),
  ]);

  const chosenId = query.get('run') || monitorRuns[0]?.info.run_id;
  const chosen = monitorRuns.find(r => r.info.run_id === chosenId);
  if (chosenId && !chosen) throw new Error(`Run ${chosenId} is not a monitor run of ${name} v${version}. Pick one of the list, or leave 'run' out for the newest.`);
  const [results, instances] = await Promise.all([chosen ? loadResults(chosen) : null, servingInstances(servingRuns)]);

  const aliases = (modelVersion.aliases ?? []);
  const uri = aliases.length ? `models:/${name}@${aliases[0]}` : `models:/${name}/${version}`;
  const header = h('div', { class: 'model-header' },
    breadcrumbs(['Models', link('/models')], [name, modelLink(name)], [`Version ${version}`, modelLink(name, version)], ['Monitoring']),
    h('h1', {}, `${name} v${version}: monitoring`),
    h('nav', { class: 'tabs', 'aria-label': 'Model version' },
      h('a', { href: modelLink(name, version), id: 'version-tab' }, 'Version'),
      h('a', { href: monitoringLink(name, version), class: 'chosen', 'aria-current': 'page', id: 'monitoring-tab' }, 'Monitoring')));

  return h('div', { class: 'monitoring-page', dataset: { version: `${name}/${version}`, run: chosen?.info.run_id ?? '' } },
    header,
    chosen
      ? [runSection(chosen, monitorRuns, results, name, version), driftSection(results), predictionSection(results), performanceSection(results, name, version, uri)]
      : section('Monitor runs', h('p', { id: 'no-monitor-run', class: 'empty' }, `No monitor run yet for v${version}: run `, h('code', {}, `ariadne monitor run models:/${name}/${version}`),
          ' (add ', h('code', {}, '--window 1d'), ' to choose the window) once predictions are logged.')),
    alertsSection(checkRuns),
    servingSection(instances, name, version, uri));
}

// ---------------------------------------------------------------- loading results

/** The chosen monitor run's windows, from its report.json, else from its metrics (one point per window, step = index). */
async function loadResults(run) {
  const artifacts = await ariadne('runs/artifacts', { run_id: run.info.run_id }).then(r => r.artifacts ?? []);
  let problem = null;
  if (artifacts.some(a => a.path === 'monitor/report.json')) {
    try {
      const response = await fetch(artifactUrl(run, 'monitor/report.json'), { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return fromReport(await response.json());
    } catch (error) {
      problem = `monitor/report.json could not be read (${error.message}): shown from the run's metrics instead.`;
    }
  }

  const results = await fromMetrics(run);
  results.problem = problem;
  return results;
}

const number = value => value === null || value === undefined || value === '' || Number.isNaN(Number(value)) ? null : Number(value);

function fromReport(report) {
  const windows = (report.windows ?? []).map((w, i) => ({
    index: number(w.index) ?? i,
    start: number(w.start),
    end: number(w.end),
    rows: number(w.rows),
    drift: new Map((w.drift ?? []).map(d => [d.feature, {
      test: d.test ?? null,
      statistic: number(d.statistic),
      pValue: number(d.p_value),
      threshold: number(d.threshold),
      drifted: Boolean(d.drifted),
    }])),
    prediction: w.prediction_drift ? {
      test: w.prediction_drift.test ?? null,
      statistic: number(w.prediction_drift.statistic),
      pValue: number(w.prediction_drift.p_value),
      threshold: number(w.prediction_drift.threshold),
      drifted: Boolean(w.prediction_drift.drifted),
    } : null,
    performance: w.performance ?? null,
  })).sort((a, b) => a.index - b.index);
  const features = report.features?.length ? [...report.features] : [...new Set(windows.flatMap(w => [...w.drift.keys()]))].sort();
  return { source: 'report', window: report.window ?? null, reference: report.reference ?? null, features, windows };
}

async function fromMetrics(run) {
  const keys = Object.keys(runData(run).metrics);
  const features = keys.filter(k => k.startsWith('drift.')).map(k => k.slice('drift.'.length)).sort();
  const wanted = keys.filter(k => k.startsWith('drift.') || k.startsWith('drifted.')
    || ['rows', 'prediction_drift', 'prediction_drifted', 'labelled_rows', ...PERFORMANCE_METRICS].includes(k));
  const histories = new Map(await Promise.all(wanted.map(async key => [key, await history(run.info.run_id, key, 100_000)])));
  const byIndex = new Map();
  const at = (point) => {
    const index = Number(point.step);
    if (!byIndex.has(index)) byIndex.set(index, { index, start: number(point.timestamp), end: null, rows: null, drift: new Map(), prediction: null, performance: null });
    return byIndex.get(index);
  };
  for (const [key, points] of histories) {
    for (const point of points) {
      const w = at(point);
      const value = number(point.value);
      if (key === 'rows') w.rows = value;
      else if (key.startsWith('drift.') || key.startsWith('drifted.')) {
        const feature = key.slice(key.indexOf('.') + 1);
        const entry = w.drift.get(feature) ?? { test: null, statistic: null, pValue: null, threshold: null, score: null, drifted: false };
        if (key.startsWith('drift.')) entry.score = value;
        else entry.drifted = value === 1;
        w.drift.set(feature, entry);
      } else if (key === 'prediction_drift' || key === 'prediction_drifted') {
        w.prediction ??= { test: null, statistic: null, pValue: null, threshold: null, score: null, drifted: false };
        if (key === 'prediction_drift') w.prediction.score = value;
        else w.prediction.drifted = value === 1;
      } else {
        w.performance ??= {};
        w.performance[key] = value;
      }
    }
  }

  const windows = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const span = windowMs(runData(run).tags['ariadne.monitor.window']);
  windows.forEach((w, i) => { w.end = span && w.start !== null ? w.start + span : windows[i + 1]?.start ?? null; });
  return { source: 'metrics', window: runData(run).tags['ariadne.monitor.window'] ?? null, reference: null, features, windows };
}

/** '1d', '6h', '30m', '1w' in milliseconds (null for anything else). */
function windowMs(text) {
  const match = /^(\d+)\s*([smhdw])$/.exec(String(text ?? '').trim());
  if (!match) return null;
  return Number(match[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[match[2]];
}

/** A drift entry's score as the metric drift.{feature} holds it: the p-value of a hypothesis test, else the distance. */
const scoreOf = entry => entry ? entry.score ?? entry.pValue ?? entry.statistic : null;

const windowLabel = w => w.start === null ? `#${w.index}` : format.time(w.start).slice(0, 16);

function driftDetail(feature, w, entry) {
  const lines = [`${feature}, window ${w.index} (${windowLabel(w)}${w.end ? ` to ${format.time(w.end).slice(0, 16)}` : ''})`];
  if (!entry) return [...lines, 'not tested in this window'];
  lines.push(entry.drifted ? 'drifted' : 'no drift');
  if (entry.test) lines.push(`test ${entry.test}`);
  if (entry.statistic !== null) lines.push(`statistic ${format.number(entry.statistic)}`);
  if (entry.pValue !== null || entry.test) lines.push(`p-value ${entry.pValue === null ? 'n/a' : format.number(entry.pValue)}`);
  else if (entry.score !== null && entry.score !== undefined) lines.push(`score ${format.number(entry.score)}`);
  if (entry.threshold !== null) lines.push(`threshold ${format.number(entry.threshold)}`);
  if (w.rows !== null) lines.push(`rows ${format.number(w.rows)}`);
  return lines;
}

// ---------------------------------------------------------------- serving instances

/** Each serving run with the prediction batches it logged per model version (artifacts predictions/v{V}/...). */
async function servingInstances(runs) {
  return Promise.all(runs.slice(0, 50).map(async run => {
    const artifacts = await ariadne('runs/artifacts', { run_id: run.info.run_id }).then(r => r.artifacts ?? [], () => []);
    const batches = new Map();
    for (const a of artifacts) {
      const match = /^predictions\/v(\d+)\//.exec(a.path);
      if (match) batches.set(Number(match[1]), (batches.get(Number(match[1])) ?? 0) + 1);
    }
    return { run, tags: runData(run).tags, batches };
  }));
}

// ---------------------------------------------------------------- sections

const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function runSection(chosen, monitorRuns, results, name, version) {
  const tags = runData(chosen).tags;
  const picker = h('label', { class: 'run-picker' }, 'Monitor run ', h('select', { id: 'monitor-run', onchange: e => update({ run: e.target.value }) },
    monitorRuns.map((r, i) => h('option', { value: r.info.run_id, selected: r.info.run_id === chosen.info.run_id },
      `${format.time(r.info.start_time)} · window ${runData(r).tags['ariadne.monitor.window'] ?? '?'}${i === 0 ? ' (latest)' : ''}`))));
  const reference = results.reference;
  return section('Monitor run', h('div', { class: 'chart-controls' }, picker,
      h('a', { href: link(`/runs/${chosen.info.run_id}`), id: 'monitor-run-link', class: 'mono' }, chosen.info.run_name || chosen.info.run_id)),
    table(['', ''], [
      ['Window', results.window ?? tags['ariadne.monitor.window'] ?? ''],
      ['Windows', String(results.windows.length)],
      ['Reference', reference ? `${reference.source ?? ''}${reference.rows !== undefined ? ` (${format.number(reference.rows)} rows)` : ''}` : ''],
      ['Started', format.time(chosen.info.start_time)],
      ['Read from', results.source === 'report' ? 'monitor/report.json' : 'the run\'s metrics (no report.json)'],
    ].map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { dataset: { field: k.toLowerCase() } }, v))), { class: 'kv', id: 'monitor-summary' }),
    results.problem ? h('p', { class: 'note', role: 'status' }, results.problem) : null,
    monitorRuns.length > 1 ? h('p', { class: 'note' }, `${monitorRuns.length} monitor runs of ${name} v${version}; pick an earlier one above.`) : null);
}

function driftSection(results) {
  const { features, windows } = results;
  if (!features.length || !windows.length) {
    return section('Feature drift', h('p', { id: 'no-drift', class: 'empty' }, 'This monitor run has no windows with drift results (no predictions in its time range).'));
  }

  const cells = [];
  features.forEach((feature, y) => windows.forEach((w, x) => {
    const entry = w.drift.get(feature);
    if (entry) cells.push({ value: [x, y, entry.drifted ? 1 : 0], detail: driftDetail(feature, w, entry), feature, window: w.index });
  }));
  const drifted = cells.filter(c => c.value[2] === 1).length;
  const summary = `Drift of ${features.length} features over ${windows.length} windows: ${drifted} of ${cells.length} cells drifted.`;
  const element = h('div', { class: 'chart heatmap', id: 'drift-heatmap', role: 'img', 'aria-label': summary, 'aria-describedby': 'drift-table-caption',
    style: `height: ${Math.max(180, features.length * 30 + 110)}px`, dataset: { cells: String(cells.length), drifted: String(drifted) } });
  drawChart(element, chart => {
    chart.setOption({
      animation: false,
      grid: { left: 140, right: 24, top: 40, bottom: 60 },
      tooltip: { formatter: p => p.data.detail.map(escapeText).join('<br>') },
      xAxis: { type: 'category', data: windows.map(windowLabel), name: 'window start', nameLocation: 'middle', nameGap: 36, splitArea: { show: true } },
      yAxis: { type: 'category', data: features, inverse: true, splitArea: { show: true } },
      visualMap: { type: 'piecewise', dimension: 2, orient: 'horizontal', top: 0, left: 'center',
        pieces: [{ value: 1, label: 'drifted', color: css('--bad') || '#b42318' }, { value: 0, label: 'no drift', color: css('--ok') || '#117a48' }] },
      series: [{ type: 'heatmap', name: 'drift', data: cells, label: { show: windows.length <= 16, formatter: p => p.data.value[2] ? '!' : '' }, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
    });
    element.dataset.rendered = 'true';
  });

  const tableView = h('details', { id: 'drift-table-details' }, h('summary', { id: 'drift-table-caption' }, `${summary} Show as a table`),
    table(['Feature', windows.map(w => h('span', { title: `window ${w.index}` }, windowLabel(w)))], features.map(feature => h('tr', { dataset: { feature } },
      h('th', { scope: 'row' }, feature),
      windows.map(w => {
        const entry = w.drift.get(feature);
        const score = scoreOf(entry);
        return h('td', { class: entry?.drifted ? 'drifted' : entry ? 'stable' : 'untested', title: driftDetail(feature, w, entry).join('\n'),
          dataset: { feature, window: String(w.index), drifted: entry ? String(entry.drifted) : '' } },
          entry ? `${entry.drifted ? 'drifted' : 'ok'}${score !== null && score !== undefined ? ` (${format.number(score)})` : ''}` : '–');
      }))), { id: 'drift-table' }));
  return section('Feature drift', h('p', { class: 'note' }, 'Each cell is one feature in one window against the reference: red where the drift test says it drifted. Hover a cell for the test, statistic, p-value, threshold and rows.'),
    element, tableView);
}

function predictionSection(results) {
  const { windows } = results;
  if (!windows.length) return null;
  const labels = windows.map(windowLabel);
  const drift = h('div', { class: 'chart', id: 'prediction-drift-chart', role: 'img', 'aria-label': 'Prediction drift score per window (table below)',
    dataset: { points: String(windows.filter(w => w.prediction).length) } });
  drawChart(drift, chart => {
    chart.setOption({
      animation: false,
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: 'score', scale: true },
      series: [{ type: 'line', name: 'prediction drift', connectNulls: false, symbolSize: 9,
        data: windows.map(w => w.prediction ? { value: scoreOf(w.prediction), itemStyle: w.prediction.drifted ? { color: css('--bad') || '#b42318' } : undefined } : null) }],
    });
    drift.dataset.rendered = 'true';
  });
  const rows = h('div', { class: 'chart', id: 'rows-chart', role: 'img', 'aria-label': 'Rows per window (table below)', dataset: { points: String(windows.length) } });
  drawChart(rows, chart => {
    chart.setOption({
      animation: false,
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: 'rows' },
      series: [{ type: 'bar', name: 'rows', data: windows.map(w => w.rows) }],
    });
    rows.dataset.rendered = 'true';
  });
  const yesNo = value => value === undefined || value === null ? '' : value ? 'drifted' : 'no';
  return section('Predictions per window',
    h('div', { class: 'chart-grid' },
      h('figure', {}, h('figcaption', {}, 'Prediction drift'), drift),
      h('figure', {}, h('figcaption', {}, 'Rows'), rows)),
    table(['Window', 'Start', 'End', 'Rows', 'Features drifted', 'Prediction drift', 'Score', 'Labelled rows'], windows.map(w => h('tr', { dataset: { window: String(w.index) } },
      h('td', { class: 'num' }, String(w.index)),
      h('td', {}, format.time(w.start)),
      h('td', {}, format.time(w.end)),
      h('td', { class: 'num' }, format.number(w.rows)),
      h('td', { class: 'num' }, `${[...w.drift.values()].filter(d => d.drifted).length} of ${w.drift.size}`),
      h('td', { class: w.prediction?.drifted ? 'drifted' : null }, [yesNo(w.prediction?.drifted), w.prediction?.test ? ` (${w.prediction.test})` : '']),
      h('td', { class: 'num' }, format.number(scoreOf(w.prediction))),
      h('td', { class: 'num' }, format.number(w.performance?.labelled_rows)))), { id: 'windows-table' }));
}

function performanceSection(results, name, version, uri) {
  const { windows } = results;
  const present = PERFORMANCE_METRICS.filter(m => windows.some(w => number(w.performance?.[m]) !== null));
  if (!present.length) {
    return section('Performance', h('p', { id: 'performance-empty', class: 'empty' },
      'No labels yet, so no performance curve: the model\'s accuracy, F1 and AUC (or RMSE and MAE) per window appear once labels arrive. Join them by request id with ',
      h('code', {}, `ariadne monitor labels FILE --id COL --label COL ${uri}`), ', then ', h('code', {}, `ariadne monitor run models:/${name}/${version}`), ' again.'));
  }

  const labelled = windows.filter(w => present.some(m => number(w.performance?.[m]) !== null));
  const element = h('div', { class: 'chart', id: 'performance-chart', role: 'img', 'aria-label': `${present.join(', ')} per window (table below)`,
    dataset: { points: String(labelled.length), metrics: present.join(',') } });
  drawChart(element, chart => {
    chart.setOption({
      animation: false,
      legend: { top: 0, data: present },
      grid: { left: 60, right: 20, top: 36, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: windows.map(windowLabel) },
      yAxis: { type: 'value', scale: true },
      series: present.map(m => ({ type: 'line', name: m, id: m, connectNulls: false, symbolSize: 8, data: windows.map(w => number(w.performance?.[m])) })),
    });
    element.dataset.rendered = 'true';
  });
  return section('Performance', element,
    table(['Window', 'Start', 'Labelled rows', present], labelled.map(w => h('tr', { dataset: { window: String(w.index) } },
      h('td', { class: 'num' }, String(w.index)),
      h('td', {}, format.time(w.start)),
      h('td', { class: 'num' }, format.number(w.performance?.labelled_rows)),
      present.map(m => h('td', { class: 'num', dataset: { metric: m } }, format.number(w.performance?.[m]))))), { id: 'performance-table' }));
}

function alertsSection(checkRuns) {
  const alerts = checkRuns.flatMap(run => Object.entries(runData(run).tags)
    .filter(([key]) => key.startsWith('ariadne.alert.'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, message]) => ({ run, rule: key.slice('ariadne.alert.'.length), message })));
  const last = checkRuns[0];
  const note = checkRuns.length
    ? h('p', { class: 'note', id: 'checks-summary' }, `${checkRuns.length} check${checkRuns.length === 1 ? '' : 's'}, the last at ${format.time(last.info.start_time)}.`)
    : null;
  if (!alerts.length) {
    return section('Alerts', h('p', { id: 'no-alerts', class: 'empty' }, checkRuns.length
      ? 'No alert fired.'
      : ['No checks yet: ', h('code', {}, 'ariadne monitor check'), ' evaluates the alert rules of ariadne.yaml\'s ', h('code', {}, 'monitor:'), ' section (from cron, CI or a schedule).']), note);
  }

  return section('Alerts', note, table(['Time', 'Rule', 'Message', 'Check run'], alerts.map(a => h('tr', { dataset: { rule: a.rule, run: a.run.info.run_id } },
    h('td', {}, format.time(a.run.info.start_time)),
    h('td', {}, a.rule),
    h('td', {}, a.message),
    h('td', {}, h('a', { href: link(`/runs/${a.run.info.run_id}`), class: 'mono', title: a.run.info.run_id }, format.shortHash(a.run.info.run_id))))), { id: 'alerts' }));
}

function servingSection(instances, name, version, uri) {
  const logged = instances.reduce((sum, i) => sum + (i.batches.get(Number(version)) ?? 0), 0);
  const empty = logged === 0
    ? h('p', { id: 'no-predictions', class: 'empty' }, `No predictions logged yet for v${version}: run `, h('code', {}, `ariadne serve ${uri}`),
        ' (or log them with the SDK\'s PredictionLogger); every prediction is logged for monitoring.')
    : h('p', { class: 'note', id: 'prediction-batches' }, `${logged} prediction batch${logged === 1 ? '' : 'es'} logged for v${version}.`);
  if (!instances.length) return section('Serving', empty);
  return section('Serving', empty, table(['Instance', 'Alias', 'Status', 'Versions served (batches)', 'Started', 'Ended', 'Run'], instances.map(i => h('tr', { dataset: { run: i.run.info.run_id } },
    h('td', { class: 'mono' }, i.tags['ariadne.serving.instance'] ?? ''),
    h('td', {}, i.tags['ariadne.serving.alias'] ? `@${i.tags['ariadne.serving.alias']}` : ''),
    h('td', {}, h('span', { class: `status ${i.run.info.status}` }, i.run.info.status)),
    h('td', { dataset: { field: 'versions' } }, [...i.batches.keys()].sort((a, b) => a - b).map(v => `v${v} (${i.batches.get(v)})`).join(', ')),
    h('td', {}, format.time(i.run.info.start_time)),
    h('td', {}, format.time(i.run.info.end_time)),
    h('td', {}, h('a', { href: link(`/runs/${i.run.info.run_id}`) }, i.run.info.run_name || format.shortHash(i.run.info.run_id))))), { id: 'serving' }));
}

const escapeText = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
