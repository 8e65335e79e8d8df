import { mlflow } from '../api.js';
import { format, h, pageTitle, section, table } from '../dom.js';
import { link } from '../state.js';

/** Every registered model or version (paged through MLflow's registry search). */
async function all(action, key) {
  const items = [];
  let token;
  do {
    const page = await mlflow(action, { max_results: 1000, page_token: token });
    items.push(...(page[key] ?? []));
    token = page.next_page_token;
  } while (token);
  return items;
}

export const modelLink = (name, version) => link(version === undefined ? `/models/${encodeURIComponent(name)}` : `/models/${encodeURIComponent(name)}/${version}`);

/** The models: aliases and versions, and every version with who registered it from which run. */
export async function modelsView() {
  pageTitle('Models');
  const [models, versions] = await Promise.all([all('registered-models/search', 'registered_models'), all('model-versions/search', 'model_versions')]);
  if (!models.length) {
    return h('div', { class: 'models-page' }, section('Models', h('p', { id: 'no-models' },
      'No registered models yet. ', h('code', {}, 'ariadne models register NAME --run RUN --path outs/model'),
      ' registers a run\'s output; ', h('code', {}, 'ariadne quickstart'), ' registers the penguins model.')));
  }

  const count = new Map();
  for (const v of versions) count.set(v.name, (count.get(v.name) ?? 0) + 1);
  versions.sort((a, b) => a.name.localeCompare(b.name) || Number(b.version) - Number(a.version));
  return h('div', { class: 'models-page' },
    section('Models', table(['Model', 'Versions', 'Aliases', 'Description', 'Updated'], models.map(m => h('tr', { dataset: { model: m.name } },
      h('td', {}, h('a', { href: modelLink(m.name) }, m.name)),
      h('td', { class: 'num' }, String(count.get(m.name) ?? 0)),
      h('td', {}, (m.aliases ?? []).map(a => h('a', { class: 'alias', href: modelLink(m.name, a.version) }, `@${a.alias} → v${a.version}`))),
      h('td', {}, m.description ?? ''),
      h('td', {}, format.time(m.last_updated_timestamp)))), { id: 'models' })),
    section('Versions', table(['Model', 'Version', 'Aliases', 'Registered by', 'From run', 'Registered'], versions.map(v => h('tr', { dataset: { version: `${v.name}/${v.version}` } },
      h('td', {}, h('a', { href: modelLink(v.name) }, v.name)),
      h('td', {}, h('a', { href: modelLink(v.name, v.version) }, `v${v.version}`)),
      h('td', {}, (v.aliases ?? []).map(a => h('span', { class: 'alias' }, `@${a}`))),
      h('td', {}, v.user_id ?? ''),
      h('td', {}, v.run_id ? h('a', { href: link(`/runs/${v.run_id}`), class: 'mono', title: v.run_id }, format.shortHash(v.run_id)) : v.source ?? ''),
      h('td', {}, format.time(v.creation_timestamp)))), { id: 'model-versions' })));
}
