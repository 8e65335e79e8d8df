// The lineage view: the graph from raw data and code to a run, file or model (or, downstream, to everything derived
// from it), laid out in layers left to right by elkjs (served at /ui/vendor/elk.bundled.js) and drawn as SVG. Each node
// links to its run, its dataset page or the run's artifact; gaps and cycles are listed under the graph.
import { ariadne } from '../api.js';
import { format, h, section, table } from '../dom.js';
import { link } from '../state.js';

const SVG = 'http://www.w3.org/2000/svg';
let elkLoading;

function loadElk() {
  elkLoading ??= new Promise((resolve, reject) => {
    if (window.ELK) return resolve(window.ELK);
    const script = document.createElement('script');
    script.src = '/ui/vendor/elk.bundled.js';
    script.onload = () => resolve(window.ELK);
    script.onerror = () => { elkLoading = undefined; reject(new Error('Could not load the graph layout library (/ui/vendor/elk.bundled.js).')); };
    document.head.append(script);
  });
  return elkLoading;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  node.append(...children.flat().filter(c => c !== null && c !== undefined).map(c => c instanceof Node ? c : document.createTextNode(String(c))));
  return node;
}

const clip = (text, max) => (text ?? '').length > max ? text.slice(0, max - 1) + '…' : (text ?? '');

/** Two lines for a node: what it is, and the detail that tells it apart. */
function lines(node) {
  if (node.kind === 'run') return [node.stage ?? node.name, node.command ?? node.run_id.slice(0, 12)];
  if (node.kind === 'model') return [node.label, 'model version'];
  const origin = node.origin === 'gap' ? 'GAP' : node.origin === 'pointer' ? 'raw data' : node.origin === 'git' ? 'in git' : format.shortHash(node.hash);
  return [node.label + (node.folder ? '/' : ''), origin];
}

/** Where a node leads: a run's page, the run's artifact for a file it wrote, the dataset page for other data. */
function href(node, graph) {
  if (node.kind === 'run') return link(`/runs/${node.run_id}`);
  if (node.kind === 'model') return link(`/runs/${node.run_id}`);
  const written = graph.edges.find(e => e.kind === 'generated' && e.to === node.id && e.path && !node.folder);
  if (written) return link(`/runs/${written.from.slice(4)}`, { artifact: written.path });
  return link('/datasets', { hash: node.hash });
}

export async function lineageView(query) {
  const target = query.get('target') ?? '';
  const downstream = query.get('direction') === 'downstream';
  const form = h('form', { id: 'lineage-form', class: 'toolbar', onsubmit: event => {
      event.preventDefault();
      location.hash = link('/lineage', { target: event.target.elements.target.value.trim(), direction: downstream ? 'downstream' : '' });
    } },
    h('input', { name: 'target', id: 'lineage-target', value: target, size: 70, placeholder: 'run id, content hash, or workspace path (data/clean.csv)' }),
    h('button', { type: 'submit' }, 'Trace'),
    h('label', {}, h('input', { type: 'checkbox', id: 'lineage-downstream', checked: downstream, onchange: event => {
      location.hash = link('/lineage', { target, direction: event.target.checked ? 'downstream' : '' });
    } }), ' downstream (what was derived from it)'));
  if (!target) {
    return h('div', { class: 'lineage-page' }, section('Lineage', form, h('p', {}, 'Name a run, a file or a content hash to see where it came from.')));
  }

  const graph = await fetch(`/api/ariadne/lineage?${new URLSearchParams({ target, direction: downstream ? 'downstream' : 'upstream' })}`, { headers: { Accept: 'application/json' } })
    .then(async response => {
      const json = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(json.message ?? `${response.status} ${response.statusText}`);
      return json;
    });
  const picture = await draw(graph);
  const gaps = graph.gaps.length
    ? table(['Gap', 'Hash', 'Why'], graph.gaps.map(g => h('tr', { dataset: { gap: g.hash } },
        h('td', {}, g.paths.join(', ') || '(no path recorded)'), h('td', { class: 'mono' }, format.shortHash(g.hash)), h('td', {}, g.reason))), { id: 'lineage-gaps' })
    : h('p', {}, 'No gaps: every piece of data is explained by a run, a pointer file or git.');
  const cycles = graph.cycles.length
    ? h('ul', { id: 'lineage-cycles' }, graph.cycles.map(c => h('li', {}, 'Cycle in the recorded hashes: ' + c.map(id => graph.nodes.find(n => n.id === id)?.label ?? id).join(' → '))))
    : null;
  const runs = graph.nodes.filter(n => n.kind === 'run');
  return h('div', { class: 'lineage-page' },
    section(`Lineage of ${target} (${downstream ? 'downstream' : 'upstream'})`, form, picture,
      h('p', { class: 'muted' }, `${runs.length} run(s), ${graph.nodes.length - runs.length} other node(s). Boxes are runs, rounded boxes data; a dashed red box is a gap.`)),
    section('Gaps and cycles', gaps, cycles),
    section('Runs on the path', runs.length
      ? table(['Run', 'Command', 'Params and seeds', 'Git', 'Started'], runs.map(r => h('tr', { dataset: { run: r.run_id } },
          h('td', {}, h('a', { href: link(`/runs/${r.run_id}`) }, r.label)),
          h('td', { class: 'mono' }, clip(r.command, 80)),
          h('td', {}, Object.entries({ ...r.params, ...r.seeds }).map(([k, v]) => `${k}=${v}`).join(', ')),
          h('td', { class: 'mono' }, r.git.commit ? r.git.commit.slice(0, 10) + (r.git.dirty ? ' (dirty)' : '') : ''),
          h('td', {}, format.time(r.start_time)))), { id: 'lineage-runs' })
      : h('p', {}, 'No recorded run is on this path.')));
}

async function draw(graph) {
  const ELK = await loadElk();
  const sizes = new Map(graph.nodes.map(n => {
    const [first, second] = lines(n);
    return [n.id, { width: Math.min(260, Math.max(120, 7 * Math.max(clip(first, 34).length, clip(second, 34).length) + 24)), height: 46 }];
  }));
  const laid = await new ELK().layout({
    id: 'lineage',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '18',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: graph.nodes.map(n => ({ id: n.id, ...sizes.get(n.id) })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const width = Math.ceil(laid.width ?? 0) + 20;
  const height = Math.ceil(laid.height ?? 0) + 20;
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const edges = (laid.edges ?? []).flatMap((edge, i) => (edge.sections ?? []).map(s => {
    const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map(p => `${p.x + 10},${p.y + 10}`).join(' ');
    const kind = graph.edges[i].kind;
    return svg('polyline', { points, class: `edge ${kind}`, 'marker-end': 'url(#arrow)', 'data-edge': kind });
  }));
  const nodes = laid.children.map(child => {
    const node = byId.get(child.id);
    const [first, second] = lines(node);
    const kind = node.kind === 'data' ? (node.origin === 'gap' ? 'gap' : 'data') : node.kind;
    return svg('a', { href: href(node, graph), 'data-node': node.id, 'data-kind': kind },
      svg('title', {}, node.kind === 'run' ? `${node.name} ${node.run_id}\n${node.command ?? ''}` : `${node.label}\n${node.hash ?? ''}`),
      svg('rect', { x: child.x + 10, y: child.y + 10, width: child.width, height: child.height, rx: node.kind === 'run' ? 3 : 14, class: `node ${kind}` }),
      svg('text', { x: child.x + 22, y: child.y + 27, class: 'node-title' }, clip(first, 34)),
      svg('text', { x: child.x + 22, y: child.y + 43, class: 'node-detail' }, clip(second, 34)));
  });
  return h('div', { class: 'lineage-graph', id: 'lineage-graph' },
    svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'lineage graph' },
      svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))),
      edges, nodes));
}
