import { ariadne } from '../api.js';
import { errorBox, format, h, pageTitle, section, table } from '../dom.js';
import { link } from '../state.js';

// The schedules of the served workspace's ariadne.yaml ('ariadne server' runs them): trigger, next time in the
// schedule's time zone, and the latest runs, each linked to its run page.
export async function schedulesView() {
  pageTitle('Schedules');
  const answer = await ariadne('schedules');
  const schedules = answer.schedules ?? [];
  const intro = h('p', { class: 'note' },
    'Each execution is a run in the experiment ariadne-schedules. A missed cron slot (server down) runs once when a server is back. ',
    '`ariadne schedule run-now NAME` runs one now.');
  if (answer.error) {
    return h('div', { class: 'schedules-page' }, section('Schedules', intro, errorBox(answer.error, { id: 'schedules-error' })));
  }

  if (!schedules.length) {
    return h('div', { class: 'schedules-page' }, section('Schedules', intro, h('p', { id: 'no-schedules' }, answer.workspace
      ? 'No schedules: add a `schedules:` section to ariadne.yaml (docs/schedules.md).'
      : 'This server serves no workspace, so it has no schedules.')));
  }

  const rows = schedules.map(s => h('tr', { dataset: { schedule: s.name } },
    h('td', {}, s.name),
    h('td', { class: 'mono' }, s.action),
    h('td', { class: 'mono' }, s.trigger === 'cron' ? `${s.cron} (${s.timezone})` : `new version of ${s.dataset}`),
    h('td', { class: 'mono', dataset: { next: s.next_local ?? '' } }, s.next_local ?? '–'),
    h('td', {}, s.runs.length ? runLink(s.runs[0]) : 'never'),
    h('td', {}, s.runs.length ? status(s.runs[0]) : '')));

  const histories = schedules.map(s => h('section', { class: 'card', id: `schedule-${s.name}`, dataset: { scheduleRuns: s.name } },
    h('h2', {}, `${s.name}: latest runs`),
    s.runs.length
      ? table(['Run', 'Trigger', 'For', 'Status', 'Exit code', 'Start', 'Duration'], s.runs.map(r => h('tr', { dataset: { run: r.run_id } },
          h('td', {}, runLink(r)),
          h('td', {}, r.trigger ?? ''),
          h('td', { class: 'mono' }, r.slot ?? r.dataset ?? ''),
          h('td', {}, status(r)),
          h('td', { class: 'num' }, r.exit_code ?? ''),
          h('td', {}, format.time(r.start_time)),
          h('td', {}, format.duration(r.start_time, r.end_time)))))
      : h('p', {}, 'No runs yet.')));

  return h('div', { class: 'schedules-page' },
    section('Schedules', intro, table(['Schedule', 'Action', 'Trigger', 'Next', 'Last run', 'Status'], rows, { id: 'schedules' })),
    ...histories);
}

const runLink = run => h('a', { href: link(`/runs/${run.run_id}`) }, run.run_name || run.run_id);
const status = run => h('span', { class: `status ${run.status}` }, run.status);
