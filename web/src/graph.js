// Graph layout with elkjs (the Eclipse Layout Kernel's layered algorithm, loaded once from /ui/vendor/elk.bundled.js):
// nodes in layers left to right, edges routed between them. Views draw the result as SVG themselves.

let elkLoading;

/** Loads elkjs the first time a graph is laid out, as chart.js loads ECharts. */
export function loadElk() {
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

/**
 * Lays out nodes ({ id, width, height }) and edges ({ from, to }) in layers, left to right (direction 'RIGHT') or top
 * to bottom ('DOWN'). Returns { nodes: Map(id -> { x, y, width, height }), edges: [{ from, to, path }] (SVG path data),
 * width, height }.
 */
export async function layoutGraph(nodes, edges, { direction = 'RIGHT', padding = 12 } = {}) {
  const ELK = await loadElk();
  const elk = new ELK();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.edgeRouting': 'SPLINES',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '24',
      'elk.padding': `[top=${padding},left=${padding},bottom=${padding},right=${padding}]`,
    },
    children: nodes.map(n => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const placed = new Map(result.children.map(c => [c.id, { x: c.x, y: c.y, width: c.width, height: c.height }]));
  return {
    nodes: placed,
    edges: result.edges.map((e, i) => ({ from: edges[i].from, to: edges[i].to, path: pathOf(e.sections ?? []) })),
    width: Math.ceil(result.width),
    height: Math.ceil(result.height),
  };
}

/** SVG path data of an edge's sections: spline routes give control points in threes (cubic Béziers), others polylines. */
function pathOf(sections) {
  return sections.map(s => {
    const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
    if (points.length >= 4 && (points.length - 1) % 3 === 0) {
      let d = `M${points[0].x},${points[0].y}`;
      for (let i = 1; i < points.length; i += 3) d += ` C${points[i].x},${points[i].y} ${points[i + 1].x},${points[i + 1].y} ${points[i + 2].x},${points[i + 2].y}`;
      return d;
    }
    return `M${points.map(p => `${p.x},${p.y}`).join(' L')}`;
  }).join(' ');
}
