import { mlflow, runData, searchRuns } from '../api.js';
import { errorBox, format, h, section, table } from '../dom.js';
import { link, list, update } from '../state.js';

const PAGE_SIZE = 100;
// Page tokens of the searches seen, so "next" and "previous" and a link to page n need no re-counting. Bounded: the
// searches used least recently are forgotten first (a forgotten search walks its pages again when it is revisited).
const tokens = new Map();
const MAX_SEARCHES = 32;

export const quoteKey = key => /^[A-Za-z0-9_.\-]+$/.test(key) ? key : '`' + key.replaceAll('`', '``') + '`';

export async function runsView(query, experimentId) {
  const filter = query.get('filter') ?? '';
  const order = query.get('order') ?? '';
  const columns = list(query, 'cols');
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const selected = new Set(list(query, 'sel'));
  const experiment = (await mlflow('experiments/get', { experiment_id: experimentId })).experiment;

  const form = h('form', { class: 'filter', id: 'filter-form', onsubmit: event => {
    event.preventDefault();
    update({ filter: event.target.elements.filter.value.trim(), page: 1 });
  } },
  h('input', { name: 'filter', id: 'filter', value: filter, spellcheck: 'false', autocomplete: 'off',
    placeholder: "metrics.acc > 0.9 and params.lr = '0.01' or tags.team IN ('a', 'b')", 'aria-label': 'Filter runs' }),
  h('button', { type: 'submit' }, 'Filter'),
  filter ? h('button', { type: 'button', onclick: () => update({ filter: '', page: 1 }) }, 'Clear') : null);

  let result;
  try {
    result = await fetchPage(experimentId, filter, order, page);
  } catch (error) {
    if (error.status === 400) {
      return section(`Runs of ${experiment.name}`, form, errorBox(error, { id: 'filter-error' }));
    }
    throw error;
  }

  const runs = result.runs;
  const keys = { params: new Set(), metrics: new Set() };
  for (const run of runs) {
    (run.data?.params ?? []).forEach(p => keys.params.add(p.key));
    (run.data?.metrics ?? []).forEach(m => keys.metrics.add(m.key));
  }

  const compare = h('a', { class: 'button', id: 'compare', href: link('/compare', { runs: [...selected], exp: experimentId }) }, `Compare selected (${selected.size})`);
  const refreshCompare = () => {
    compare.textContent = `Compare selected (${selected.size})`;
    compare.href = link('/compare', { runs: [...selected], exp: experimentId });
    compare.classList.toggle('disabled', selected.size < 2);
    update({ sel: [...selected] }, { silent: true });
  };
  refreshCompare();

  const sortHeader = (label, field) => {
    const [current, direction] = order.split(/\s+/);
    const active = current === field;
    const next = active && direction !== 'DESC' ? `${field} DESC` : field + (active ? '' : ' DESC');
    return h('a', { href: link(`/experiments/${encodeURIComponent(experimentId)}`, { filter, order: next, cols: columns, sel: [...selected] }), class: active ? 'sorted' : '' },
      label, active ? (direction === 'DESC' ? ' ▼' : ' ▲') : '');
  };

  const columnHeader = column => {
    const [kind, ...rest] = column.split('.');
    return sortHeader(column, `${kind}.${quoteKey(rest.join('.'))}`);
  };

  const rows = runs.map(run => {
    const data = runData(run);
    const id = run.info.run_id;
    return h('tr', { dataset: { run: id } },
      h('td', {}, h('input', { type: 'checkbox', class: 'select', checked: selected.has(id), 'aria-label': `Select ${run.info.run_name}`, onchange: event => {
        if (event.target.checked) selected.add(id); else selected.delete(id);
        refreshCompare();
      } })),
      h('td', {}, h('a', { href: link(`/runs/${id}`) }, run.info.run_name || id)),
      h('td', {}, h('span', { class: `status ${run.info.status}` }, run.info.status)),
      h('td', {}, format.time(run.info.start_time)),
      h('td', { class: 'num' }, format.duration(run.info.start_time, run.info.end_time)),
      columns.map(column => {
        const [kind, ...rest] = column.split('.');
        const key = rest.join('.');
        const value = kind === 'metrics' ? data.metrics[key] : kind === 'params' ? data.params[key] : data.tags[key];
        return h('td', { class: kind === 'metrics' ? 'num' : '' }, kind === 'metrics' ? format.number(value) : value ?? '');
      }));
  });

  const chooser = h('details', { class: 'columns', id: 'column-chooser' },
    h('summary', {}, `Columns (${columns.length})`),
    ['params', 'metrics'].map(kind => h('fieldset', {}, h('legend', {}, kind),
      [...keys[kind]].sort().map(key => {
        const column = `${kind}.${key}`;
        return h('label', {}, h('input', { type: 'checkbox', checked: columns.includes(column), dataset: { column }, onchange: event => {
          const next = event.target.checked ? [...columns, column] : columns.filter(c => c !== column);
          update({ cols: next });
        } }), ' ', key);
      }))));

  const pager = h('div', { class: 'pager' },
    page > 1 ? h('a', { class: 'button', href: link(`/experiments/${encodeURIComponent(experimentId)}`, { filter, order, cols: columns, page: page - 1 }) }, '← Previous') : null,
    h('span', { id: 'page-info' }, runs.length === 0 ? 'No runs match.' : `Runs ${(page - 1) * PAGE_SIZE + 1}–${(page - 1) * PAGE_SIZE + runs.length}`),
    result.next ? h('a', { class: 'button', id: 'next-page', href: link(`/experiments/${encodeURIComponent(experimentId)}`, { filter, order, cols: columns, page: page + 1 }) }, 'Next →') : null);

  return section(`Runs of ${experiment.name}`,
    form,
    h('div', { class: 'toolbar' }, chooser, compare),
    table(
      ['', sortHeader('Name', 'attributes.run_name'), sortHeader('Status', 'attributes.status'), sortHeader('Start', 'attributes.start_time'), 'Duration', columns.map(columnHeader)],
      rows,
      { id: 'runs', class: 'runs' }),
    pager);
}

async function fetchPage(experimentId, filter, order, page) {
  const key = JSON.stringify([experimentId, filter, order]);
  const known = tokens.get(key) ?? [null];
  tokens.delete(key); // re-inserted last: a Map iterates in insertion order, so the first key is the least recent
  tokens.set(key, known);
  while (tokens.size > MAX_SEARCHES) tokens.delete(tokens.keys().next().value);
  let result;
  // A link straight to page n walks the pages before it once (tokens are kept for the next visit).
  for (let p = Math.min(known.length, page); p <= page; p++) {
    if (p > 1 && !known[p - 1]) return { runs: [], next: null };
    result = await searchRuns({ experimentIds: [experimentId], filter, orderBy: order, maxResults: PAGE_SIZE, pageToken: known[p - 1] });
    known[p] = result.next_page_token ?? null;
  }
  return { runs: result.runs ?? [], next: known[page] };
}
