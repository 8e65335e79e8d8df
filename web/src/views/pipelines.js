import { artifactUrl, mlflow, searchRuns } from '../api.js';
import { breadcrumbs, format, h, pageTitle, section, table } from '../dom.js';
import { layoutGraph } from '../graph.js';
import { link } from '../state.js';

const EXPERIMENT = 'pipelines';
const DAG = 'pipeline/dag.json';
const STATE_CLASS = { ran: 'state-ran', 'cache hit': 'state-cache-hit', 'up to date': 'state-unchanged', failed: 'state-failed', killed: 'state-killed', running: 'state-running' };

export async function pipelinesView(query) {
  pageTitle('Pipelines');
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
  pageTitle(`Pipeline run of ${format.time(pipeline.info.start_time)}`, 'Pipelines');

  return h('div', { class: 'pipelines-page' },
    breadcrumbs(['Pipelines', link('/pipelines')], [`Run of ${format.time(pipeline.info.start_time)}`]),
    section(`Pipeline run of ${format.time(pipeline.info.start_time)}`,
      h('p', {}, h('span', { class: `status ${pipeline.info.status}` }, pipeline.info.status), ' ',
        format.duration(pipeline.info.start_time, pipeline.info.end_time), ' · ',
        h('a', { href: link(`/runs/${pipeline.info.run_id}`) }, 'pipeline run'),
        dag ? null : h('span', { class: 'note' }, ' (this run kept no graph: only the stages that ran are shown)')),
      graph(rows, experiment.experiment_id),
      table(['Stage', 'State', 'Why', 'Duration', 'Upstream', 'Run'], rows.map(r => h('tr', { dataset: { stage: r.stage, state: r.state } },
        h('td', {}, r.stage),
        h('td', {}, h('span', { class: `stage-state ${STATE_CLASS[r.state]}` }, r.state)),
        h('td', { class: 'note' }, why(r)),
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

/** What happened to a stage in this pipeline run: ran, cache hit (restored from the run cache), up to date (no run), failed, killed. */
function state(run) {
  if (!run) return 'up to date';
  if (run.info.status === 'FAILED') return 'failed';
  if (run.info.status === 'KILLED') return 'killed';
  if (run.info.status === 'RUNNING') return 'running';
  return tag(run, 'ariadne.pipeline.restored') === 'true' ? 'cache hit' : 'ran';
}

/** Why the stage ran or was restored (the reasons repro printed), or that its inputs had not changed. */
function why(row) {
  if (!row.run) return 'its deps, params and outputs matched ariadne.lock';
  return tag(row.run, 'ariadne.pipeline.reason') ?? '';
}

/**
 * Edges of the DAG with transitive ones left out: a -> c goes when a path a -> b -> ... -> c exists, so a stage that
 * feeds everything draws one arrow, not one to every later stage.
 */
export function reducedEdges(rows) {
  const names = new Set(rows.map(r => r.stage));
  const upstream = new Map(rows.map(r => [r.stage, (r.upstream ?? []).filter(u => names.has(u))]));
  const reaches = (from, to, skipDirect) => {
    const stack = [...(upstream.get(to) ?? [])].filter(u => !(skipDirect && u === from));
    const seen = new Set();
    while (stack.length) {
      const next = stack.pop();
      if (next === from) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(upstream.get(next) ?? []));
    }
    return false;
  };
  return rows.flatMap(r => upstream.get(r.stage).filter(u => !reaches(u, r.stage, true)).map(u => [u, r.stage]));
}

/**
 * The DAG laid out in layers by elkjs, scaled to the card: each stage a card with what it did, its command, deps, outs
 * and params; arrows from a stage to the stages that read its outputs. Every stage is a link (Tab reaches it, Enter
 * opens it): to its run in this pipeline run, or for a stage that was up to date to the run that made its outputs.
 */
function graph(rows, experimentId) {
  const W = 250, H = 112;
  const edges = reducedEdges(rows);
  const holder = h('div', { class: 'dag', id: 'dag', dataset: { stages: String(rows.length), links: String(edges.length) } });
  layoutGraph(rows.map(r => ({ id: r.stage, width: W, height: H })), edges.map(([from, to]) => ({ from, to }))).then(layout => {
    const svg = (tag, attributes, ...children) => {
      const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
      for (const [k, v] of Object.entries(attributes)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
      node.append(...children);
      return node;
    };
    const arrows = layout.edges.map(e => svg('path', { d: e.path, class: 'edge', 'marker-end': 'url(#arrow)', 'data-edge': `${e.from}->${e.to}` }));
    const nodes = rows.map(r => {
      const { x, y } = layout.nodes.get(r.stage);
      const label = `${r.stage}: ${r.state}${r.run ? '' : ', open the run that made its outputs'}`;
      const group = svg('g', { class: 'stage linked', 'data-stage': r.stage, 'data-state': r.state, transform: `translate(${x},${y})`, tabindex: 0, role: 'link', 'aria-label': label },
        svg('title', {}, label),
        svg('foreignObject', { width: W, height: H }, stageCard(r)));
      const open = () => openStage(r, experimentId);
      group.addEventListener('click', open);
      group.addEventListener('keydown', event => {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); open(); }
      });
      return group;
    });
    const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' })));
    // The drawing keeps its natural size when the card is wide enough and shrinks to fit it when not.
    holder.replaceChildren(svg('svg', { viewBox: `0 0 ${layout.width} ${layout.height}`, width: '100%', style: `max-width: ${layout.width}px`, role: 'group', 'aria-label': 'Pipeline stages and their dependencies' },
      defs, ...arrows, ...nodes));
    holder.dataset.rendered = 'true';
  }, error => holder.replaceChildren(h('div', { class: 'error' }, `Could not lay out the graph: ${error.message}`)));
  return holder;
}

function stageCard(r) {
  const line = (label, items) => items?.length ? h('div', { class: 'files', title: items.join(', ') }, h('b', {}, label), ' ', items.join(', ')) : null;
  const duration = r.run && r.state === 'ran' ? ' · ' + format.duration(r.run.info.start_time, r.run.info.end_time) : '';
  const params = r.params ?? (r.run ? (r.run.data?.params ?? []).map(p => p.key) : []);
  const card = document.createElementNS('http://www.w3.org/1999/xhtml', 'div');
  card.className = `stage-card ${STATE_CLASS[r.state]}`;
  card.append(...[
    h('div', { class: 'name' }, r.stage),
    h('div', { class: `what ${STATE_CLASS[r.state]}` }, r.state + duration),
    h('div', { class: 'cmd', title: (r.commands ?? []).join('\n') }, (r.commands ?? []).join(' && ')),
    line('deps', r.deps), line('outs', r.outs), line('params', params)].filter(Boolean));
  return card;
}

async function openStage(row, experimentId) {
  if (row.run) {
    location.hash = link(`/runs/${row.run.info.run_id}`);
    return;
  }
  const last = (await searchRuns({ experimentIds: [experimentId], filter: `tags.\`ariadne.pipeline.stage\` = '${row.stage.replaceAll("'", "\\'")}' and attributes.status = 'FINISHED'`, orderBy: 'attributes.start_time DESC', maxResults: 1 })).runs?.[0];
  if (last) location.hash = link(`/runs/${last.info.run_id}`);
}
