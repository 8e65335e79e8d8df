import { current } from './state.js';
import { announce, errorBox, mount, pageTitle } from './dom.js';
import { abandonCharts, releaseCharts } from './chart.js';
import { experimentsView } from './views/experiments.js';
import { runsView } from './views/runs.js';
import { runView } from './views/run.js';
import { compareView } from './views/compare.js';
import { datasetsView } from './views/datasets.js';
import { pipelinesView } from './views/pipelines.js';
import { sweepView } from './views/sweep.js';
import { lineageView } from './views/lineage.js';
import { modelsView } from './views/models.js';
import { modelView } from './views/model.js';
import { monitoringView } from './views/monitoring.js';
import { schedulesView } from './views/schedules.js';

const routes = [
  [/^\/?$/, experimentsView, 'experiments'],
  [/^\/experiments\/([^/]+)$/, runsView, 'experiments'],
  [/^\/runs\/([^/]+)$/, runView, 'experiments'],
  [/^\/compare$/, compareView, 'experiments'],
  [/^\/datasets$/, datasetsView, 'datasets'],
  [/^\/pipelines$/, pipelinesView, 'pipelines'],
  [/^\/sweeps\/([^/]+)$/, sweepView, 'experiments'],
  [/^\/lineage$/, lineageView, 'lineage'],
  [/^\/models$/, modelsView, 'models'],
  [/^\/models\/([^/]+)$/, modelView, 'models'],
  [/^\/models\/([^/]+)\/(\d+)$/, modelView, 'models'],
  [/^\/models\/([^/]+)\/(\d+)\/monitoring$/, monitoringView, 'models'],
  [/^\/schedules$/, schedulesView, 'schedules'],
];

let rendering = 0;

async function render() {
  const ticket = ++rendering;
  const view = document.getElementById('view');
  const { path, query } = current();
  const route = routes.find(([pattern]) => pattern.test(path));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', route && a.dataset.nav === route[2]));
  if (!route) {
    abandonCharts(...view.children);
    pageTitle('No such page');
    mount(view, errorBox(`No page ${path}. Start at the experiments list.`));
    releaseCharts();
    return;
  }

  const [pattern, show] = route;
  const args = path.match(pattern).slice(1).map(decodeURIComponent);
  view.setAttribute('aria-busy', 'true');
  try {
    // A view builds its content off-screen and mounts it when its data is in, unless a newer navigation started.
    const content = await show(query, ...args);
    if (ticket === rendering) {
      abandonCharts(...view.children);
      mount(view, content);
      announce(document.title.replace(/ – Ariadne$/, ''));
    } else {
      abandonCharts(content);
    }
  } catch (error) {
    if (ticket === rendering) {
      abandonCharts(...view.children);
      mount(view, errorBox(error));
    }
  } finally {
    if (ticket === rendering) {
      view.setAttribute('aria-busy', 'false');
      releaseCharts(); // the charts of the view this one replaced
    }
  }
}

window.addEventListener('hashchange', render);
render();
