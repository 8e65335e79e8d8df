import { ariadne, artifactUrl, mlflow, searchRuns } from '../api.js';
import { format, h, section, table } from '../dom.js';
import { link } from '../state.js';

const EXPERIMENT = 'pipelines';
const DAG = 'pipeline/dag.json';
const COLORS = { ran: '#117a48', 'cache hit': '#2759c9', unchanged: '#98a2b3', failed: '#b42318', killed: '#a15c07', running: '#7ea6ff' };

export async function pipelinesView(query) {
  const experiment = await mlflow('experiments/get-by-name', { experiment_name: EXPERIMENT }).then(r => r.experiment, () => null);
  if (!experiment) return section('Pipelines', h('p', {}, 'No pipeline has run yet: `ariadne repro` runs ariadne.yaml and records every stage.'));

  const recent = (await searchRuns({
    experimentIds: [experiment.experiment_id],
    filter: "tags.`ariadne.pipeline` = 'ariadne.yaml'",
    orderBy: 'attributes.start_time DESC',
    maxResults: 20,
  })).runs ?? [];
  if (recent.length === 0) return section('Pipelines', h('p', {}, 'No pipeline runs yet.'));
  const pipeline = recent.find(r => r.info.run_id === query.get('run')) ?? recent[0];

  const [children, dag] = await Promise.all([
    searchRuns({ experimentIds: [experiment.experiment_id], filter: `attributes.parent_run_id = '${pipeline.info.run_id}'`, maxResults: 1000 }).then(r => r.runs ?? []),
    fetch(artifactUrl(pipeline, DAG)).then(r => r.ok ? r.json() : null, () => null),
  ]);
  const byStage = new Map(children.map(c => [tag(c, 'ariadne.pipeline.stage') ?? c.info.run_name, c]));
  const stages = dag ?? children.map(c => ({ stage: tag(c, 'ariadne.pipeline.stage') ?? c.info.run_name, upstream: [] }));
  const rows = stages.map(s => ({ ...s, run: byStage.get(s.stage), state: state(byStage.get(s.stage)) }));

  return h('div', { class: 'pipelines-page' },
    section(`Pipeline run of ${format.time(pipeline.info.start_time)}`,
      h('p', {}, h('span', { class: `status ${pipeline.info.status}` }, pipeline.info.status), ' ',
        format.duration(pipeline.info.start_time, pipeline.info.end_time), ' · ',
        h('a', { href: link(`/runs/${pipeline.info.run_id}`) }, 'pipeline run'),
        dag ? null : h('span', { class: 'note' }, ' (this run kept no graph: only the stages that ran are shown)')),
      graph(rows),
      table(['Stage', 'State', 'Duration', 'Upstream', 'Run'], rows.map(r => h('tr', { dataset: { stage: r.stage, state: r.state } },
        h('td', {}, r.stage),
        h('td', {}, h('span', { class: 'stage-state', style: `color: ${COLORS[r.state]}` }, r.state)),
        h('td', { class: 'num' }, r.run ? format.duration(r.run.info.start_time, r.run.info.end_time) : ''),
        h('td', {}, (r.upstream ?? []).join(', ')),
        h('td', {}, r.run ? h('a', { href: link(`/runs/${r.run.info.run_id}`) }, r.run.info.run_id.slice(0, 12)) : ''))), { id: 'stages' })),
    section('Recent pipeline runs', table(['Started', 'Status', 'Duration', ''], recent.map(r => h('tr', { class: r === pipeline ? 'chosen' : '' },
      h('td', {}, h('a', { href: link('/pipelines', { run: r.info.run_id }) }, format.time(r.info.start_time))),
      h('td', {}, h('span', { class: `status ${r.info.status}` }, r.info.status)),
      h('td', { class: 'num' }, format.duration(r.info.start_time, r.info.end_time)),
      h('td', {}, h('a', { href: link(`/runs/${r.info.run_id}`) }, 'run')))), { id: 'pipeline-runs' })));
}

function tag(run, key) {
  return (run.data?.tags ?? []).find(t => t.key === key)?.value;
}

/** What happened to a stage in this pipeline run: ran, cache hit (restored from the run cache), unchanged (no run), failed, killed. */
function state(run) {
  if (!run) return 'unchanged';
  if (run.info.status === 'FAILED') return 'failed';
  if (run.info.status === 'KILLED') return 'killed';
  if (run.info.status === 'RUNNING') return 'running';
  return tag(run, 'ariadne.pipeline.restored') === 'true' ? 'cache hit' : 'ran';
}

/**
 * The DAG left to right as SVG: a stage's column is its longest path from a source, boxes coloured by what the stage
 * did, arrows from each stage to the stages that read its outputs; clicking a stage opens its run.
 */
function graph(rows) {
  const W = 180, H = 52, GX = 70, GY = 26, PAD = 12;
  const depth = new Map();
  const level = name => {
    if (depth.has(name)) return depth.get(name);
    depth.set(name, 0);
    const row = rows.find(r => r.stage === name);
    const d = Math.max(0, ...(row?.upstream ?? []).filter(u => rows.some(r => r.stage === u)).map(u => level(u) + 1));
    depth.set(name, d);
    return d;
  };
  rows.forEach(r => level(r.stage));
  const perLevel = new Map();
  const box = new Map();
  for (const r of rows) {
    const column = depth.get(r.stage);
    const index = perLevel.get(column) ?? 0;
    perLevel.set(column, index + 1);
    box.set(r.stage, { x: PAD + column * (W + GX), y: PAD + index * (H + GY) });
  }
  const width = PAD * 2 + (Math.max(...depth.values()) + 1) * (W + GX) - GX;
  const height = PAD * 2 + Math.max(...perLevel.values()) * (H + GY) - GY;
  const svg = (tag, attributes, ...children) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    node.append(...children);
    return node;
  };
  const arrows = rows.flatMap(r => (r.upstream ?? []).filter(u => box.has(u)).map(u => {
    const a = box.get(u), b = box.get(r.stage);
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x - 6, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
    return svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge', 'marker-end': 'url(#arrow)', 'data-edge': `${u}->${r.stage}` });
  }));
  const nodes = rows.map(r => {
    const { x, y } = box.get(r.stage);
    const duration = r.run && r.state === 'ran' ? ' · ' + format.duration(r.run.info.start_time, r.run.info.end_time) : '';
    const group = svg('g', { class: 'stage' + (r.run ? ' linked' : ''), 'data-stage': r.stage, transform: `translate(${x},${y})` },
      svg('rect', { width: W, height: H, rx: 8, style: `stroke: ${COLORS[r.state]}` }),
      svg('text', { x: 10, y: 21, class: 'name' }, r.stage),
      svg('text', { x: 10, y: 40, class: 'what', style: `fill: ${COLORS[r.state]}` }, r.state + duration));
    if (r.run) group.addEventListener('click', () => { location.hash = link(`/runs/${r.run.info.run_id}`); });
    return group;
  });
  const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' })));
  return h('div', { class: 'dag', id: 'dag', dataset: { stages: String(rows.length), links: String(arrows.length) } },
    svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Pipeline stages and their dependencies' }, defs, ...arrows, ...nodes));
}
