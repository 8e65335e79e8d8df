import { allExperiments, ariadne } from '../api.js';
import { format, h, idWithCopy, pageTitle, section, table } from '../dom.js';
import { link, update } from '../state.js';

export async function datasetsView(query) {
  pageTitle('Datasets');
  const [versions, tracked, experiments] = await Promise.all([
    ariadne('datasets/versions', {}).then(r => r.versions ?? []),
    ariadne('datasets/tracked', {}).then(r => r.data ?? []),
    allExperiments(),
  ]);
  const experimentName = Object.fromEntries(experiments.map(e => [e.experiment_id, e.name]));
  const readers = Object.fromEntries(tracked.map(t => [t.hash, t.runs]));
  const named = new Set(versions.map(v => v.hash));
  const untagged = tracked.filter(t => !named.has(t.hash));
  const chosen = query.get('hash');
  const uses = chosen ? (await ariadne('datasets/uses', { hash: chosen })).uses ?? [] : [];
  const names = versions.filter(v => v.hash === chosen);
  const reports = chosen ? await reportsOf(uses.slice(0, 50).map(u => u.run)) : [];

  const versionRows = versions.map(v => h('tr', { class: v.hash === chosen ? 'chosen' : '', dataset: { dataset: `${v.name}@${v.version}` } },
    h('td', {}, v.name),
    h('td', {}, v.version),
    h('td', { class: 'mono' }, h('a', { href: link('/datasets', { hash: v.hash }), title: v.hash }, format.shortHash(v.hash))),
    h('td', { class: 'num' }, format.bytes(v.size)),
    h('td', { class: 'num' }, String(v.files)),
    h('td', {}, v.pointer_path),
    h('td', { class: 'mono' }, (v.git_commit ?? '').slice(0, 10)),
    h('td', {}, format.time(v.created_at)),
    h('td', { class: 'num', dataset: { readers: String(readers[v.hash] ?? 0) } }, String(readers[v.hash] ?? 0))));
  const untaggedRows = untagged.map(t => h('tr', { class: t.hash === chosen ? 'chosen' : '', dataset: { hash: t.hash } },
    h('td', {}, t.pointer_paths.join(', ') || '(no pointer file)'),
    h('td', { class: 'mono' }, h('a', { href: link('/datasets', { hash: t.hash }), title: t.hash }, format.shortHash(t.hash))),
    h('td', {}, t.experiment_ids.map(id => experimentName[id] ?? id).join(', ')),
    h('td', { class: 'num' }, String(t.runs)),
    h('td', {}, format.time(t.last_read))));

  return h('div', { class: 'datasets-page' },
    section('Dataset versions', versions.length
      ? table(['Name', 'Version', 'Hash', 'Size', 'Files', 'Pointer file', 'Git commit', 'Tagged', 'Runs that read it'], versionRows, { id: 'dataset-versions' })
      : h('p', {}, 'No named dataset versions yet: `ariadne datasets tag <pointer-file> <name>@<version>` makes one.')),
    section('Tracked data without a tag', h('p', { class: 'note' }, 'Content that runs read (by its pointer file\'s path and content version) and no dataset version names yet. `ariadne datasets tag <pointer-file> <name>@<version>` names one.'),
      untagged.length
        ? table(['Path', 'Version (content hash)', 'Experiments', 'Runs that read it', 'Last read'], untaggedRows, { id: 'tracked-data' })
        : h('p', {}, 'None: every content a run read has a name.')),
    chosen ? section(`Runs that read ${names.length ? names.map(v => `${v.name}@${v.version}`).join(', ') : format.shortHash(chosen)}`,
      h('p', {}, idWithCopy(chosen, 'hash')),
      uses.length
        ? table(['Run', 'Experiment', 'Role', 'Status', 'Start'], uses.map(u => h('tr', {},
            h('td', {}, h('a', { href: link(`/runs/${u.run.run_id}`) }, u.run.run_name || u.run.run_id)),
            h('td', {}, h('a', { href: link(`/experiments/${encodeURIComponent(u.run.experiment_id)}`) }, experimentName[u.run.experiment_id] ?? u.run.experiment_id)),
            h('td', {}, u.role),
            h('td', {}, h('span', { class: `status ${u.run.status}` }, u.run.status)),
            h('td', {}, format.time(u.run.start_time)))), { id: 'dataset-uses' })
        : h('p', {}, 'No run recorded this content as an input.'),
      h('button', { type: 'button', onclick: () => update({ hash: '' }) }, 'Close')) : null,
    chosen ? section('Profiles and drift reports of runs that read it', reports.length
      ? table(['Report', 'Run', 'Size'], reports.map(r => h('tr', {},
          h('td', {}, h('a', { href: link(`/runs/${r.run.run_id}`, { artifact: r.path }), dataset: { report: r.path } }, r.path)),
          h('td', {}, h('a', { href: link(`/runs/${r.run.run_id}`) }, r.run.run_name || r.run.run_id)),
          h('td', { class: 'num' }, format.bytes(r.size)))), { id: 'dataset-reports' })
      : h('p', {}, 'None: `ariadne data profile` and `ariadne data drift` inside a run (or a pipeline stage) store them.')) : null);
}

const REPORT = /^profiles\/|(^|\/)drift\.(json|md)$|(^|\/)drift-report\//;

/** Profile and drift-report artifacts of the given runs (artifact lists fetched in parallel). */
async function reportsOf(runs) {
  const lists = await Promise.all(runs.map(run => ariadne('runs/artifacts', { run_id: run.run_id }).then(r => r.artifacts ?? [], () => [])));
  return lists.flatMap((artifacts, i) => artifacts.filter(a => REPORT.test(a.path)).map(a => ({ ...a, run: runs[i] })));
}
