import { allExperiments, ariadne } from '../api.js';
import { format, h, pageTitle, section, table } from '../dom.js';
import { link } from '../state.js';

export async function experimentsView() {
  pageTitle('Experiments');
  const [experiments, activity] = await Promise.all([
    allExperiments(),
    ariadne('experiments/activity').then(r => r.experiments ?? [], () => []),
  ]);
  const byId = Object.fromEntries(activity.map(a => [a.experiment_id, a]));
  const rows = experiments
    .map(e => ({ ...e, runs: byId[e.experiment_id]?.runs ?? 0, last: byId[e.experiment_id]?.last_activity ?? 0 }))
    .sort((a, b) => (b.last - a.last) || a.name.localeCompare(b.name));
  return section('Experiments',
    rows.length === 0
      ? h('p', {}, 'No experiments yet. Start a run with the SDK or `ariadne run -- <command>`.')
      : table(['Name', 'Runs', 'Last activity', 'Created', 'Id'], rows.map(e => h('tr', { dataset: { experiment: e.experiment_id } },
        h('td', {}, h('a', { href: link(`/experiments/${encodeURIComponent(e.experiment_id)}`) }, e.name)),
        h('td', { class: 'num' }, String(e.runs)),
        h('td', {}, format.time(e.last)),
        h('td', {}, format.time(e.creation_time)),
        h('td', { class: 'mono' }, e.experiment_id))), { id: 'experiments' }));
}
