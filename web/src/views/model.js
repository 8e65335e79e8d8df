import { ariadne, mlflow } from '../api.js';
import { breadcrumbs, format, h, idWithCopy, pageTitle, section, table } from '../dom.js';
import { renderMarkdown, splitFrontMatter } from '../markdown.js';
import { link } from '../state.js';
import { modelLink } from './models.js';
import { monitoringLink } from './monitoring.js';

/** The path inside the run's artifacts of a runs:/RUN_ID/PATH source ('' for the artifact root), or null for another source. */
function runArtifactPath(source, runId) {
  const prefix = `runs:/${runId}`;
  if (!runId || !source?.startsWith(prefix)) return null;
  return source.slice(prefix.length).replace(/^\/+|\/+$/g, '');
}

/** A model's version (the one named, else the champion, else the newest): its card rendered and sanitised, files by content hash, tags, the run it came from. */
export async function modelView(query, name, version) {
  const [model, versions] = await Promise.all([
    mlflow('registered-models/get', { name }).then(r => r.registered_model),
    mlflow('model-versions/search', { filter: `name = '${name.replaceAll("'", "\\'")}'`, max_results: 1000 }).then(r => r.model_versions ?? []),
  ]);
  versions.sort((a, b) => Number(b.version) - Number(a.version));
  const chosen = version ?? model.aliases?.find(a => a.alias === 'champion')?.version ?? versions[0]?.version;
  const current = versions.find(v => String(v.version) === String(chosen));
  pageTitle(current ? `${name} v${current.version}` : name, 'Models');
  const header = h('div', { class: 'model-header' },
    breadcrumbs(['Models', link('/models')], [name, modelLink(name)], current ? [`Version ${current.version}`] : null),
    h('h1', {}, name),
    model.description ? h('p', {}, model.description) : null,
    h('p', { class: 'versions' }, 'Versions: ', versions.map(v => [h('a', {
      class: String(v.version) === String(chosen) ? 'version chosen' : 'version',
      href: modelLink(name, v.version),
      'aria-current': String(v.version) === String(chosen) ? 'page' : null,
    }, `v${v.version}`, (v.aliases ?? []).map(a => ` @${a}`).join('')), ' '])));
  if (!current) {
    const missing = version === undefined ? 'No versions yet.' : `No version ${version} of ${name}.`;
    return h('div', { class: 'model-page' }, header, section('Versions', h('p', {}, `${missing} Register one: `, h('code', {}, `ariadne models register ${name} --run RUN --path outs/model`))));
  }

  const card = await ariadne(`models/card?name=${encodeURIComponent(name)}&version=${encodeURIComponent(current.version)}`);
  const { frontMatter, body } = splitFrontMatter(card.markdown);
  const files = current.ariadne?.files ?? [];
  const tags = current.tags ?? [];
  const artifactRoot = runArtifactPath(current.source, current.run_id);
  const fileName = f => artifactRoot === null
    ? f.path
    : h('a', { href: link(`/runs/${current.run_id}`, { artifact: artifactRoot ? `${artifactRoot}/${f.path}` : f.path }) }, f.path);
  const uri = `models:/${name}/${current.version}`;
  return h('div', { class: 'model-page', dataset: { version: `${name}/${current.version}` } },
    header,
    h('nav', { class: 'tabs', 'aria-label': 'Model version' },
      h('a', { href: modelLink(name, current.version), class: 'chosen', 'aria-current': 'page', id: 'version-tab' }, 'Version'),
      h('a', { href: monitoringLink(name, current.version), id: 'monitoring-tab' }, 'Monitoring')),
    section(`Version ${current.version}`, table(['', ''], [
      ['URI', idWithCopy(uri, 'model URI')],
      ['Aliases', (current.aliases ?? []).map(a => `@${a}`).join(', ')],
      ['Registered', `${format.time(current.creation_timestamp)}${current.user_id ? ` by ${current.user_id}` : ''}`],
      ['Source run', current.run_id ? h('a', { id: 'source-run', class: 'mono', href: link(`/runs/${current.run_id}`) }, current.run_id) : '(not from a run)'],
      ['Source', h('span', { class: 'mono' }, current.source ?? '')],
      ['Status', current.status ?? ''],
      ['Description', current.description ?? ''],
      ['Content hash', h('span', { class: 'mono' }, current.ariadne?.content_hash ?? '')],
    ].map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))), { class: 'kv' })),
    section('Model card', h('p', { class: 'note', id: 'card-origin' }, card.stored
      ? `README.md as stored with this version (BLAKE3 ${format.shortHash(card.hash)}); 'ariadne models card ${name}/${current.version}' writes it again.`
      : `Not stored yet: written now from the record. 'ariadne models card ${name}/${current.version}' stores it.`),
      h('article', { id: 'model-card', class: 'markdown' }, renderMarkdown(body)),
      frontMatter ? h('details', {}, h('summary', {}, 'Metadata (Hugging Face front matter)'), h('pre', { id: 'card-front-matter' }, frontMatter)) : null),
    section('Files', files.length
      ? table(['File', 'Size', 'BLAKE3'], files.map(f => h('tr', { dataset: { file: f.path } },
          h('td', {}, fileName(f)),
          h('td', { class: 'num' }, format.bytes(f.size)),
          h('td', { class: 'mono', title: f.hash }, format.shortHash(f.hash)))), { id: 'model-files' })
      : h('p', {}, 'No files recorded.')),
    tags.length ? section('Tags', table(['Key', 'Value'], tags.map(t => h('tr', {}, h('td', {}, t.key), h('td', {}, t.value))), { id: 'model-tags' })) : null);
}
