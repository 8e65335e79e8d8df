import { ariadne, getRun, mlflow, runData, searchRuns } from '../api.js';
import { chartGrid } from '../chart.js';
import { breadcrumbs, errorBox, format, h, pageTitle, section, table } from '../dom.js';
import { link, list, update } from '../state.js';

const PAGE_SIZE = 100;
// Page tokens of the searches seen, so "next" and "previous" and a link to page n need no re-counting. Bounded: the
// searches used least recently are forgotten first (a forgotten search walks its pages again when it is revisited).
const tokens = new Map();
const MAX_SEARCHES = 32;
// Columns shown when the URL names none: the experiment's metrics, then its params (as MLflow does), at most this many.
const DEFAULT_COLUMNS = 24;
// Runs read to group by a param (every matching run, a thousand per request).
const GROUP_LIMIT = 10_000;

export const quoteKey = key => /^[A-Za-z0-9_.\-]+$/.test(key) ? key : '`' + key.replaceAll('`', '``') + '`';

const HIDDEN_TAG = /^(mlflow\.|ariadne\.)/;

export async function runsView(query, experimentId) {
  const filter = query.get('filter') ?? '';
  const order = query.get('order') ?? '';
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const group = query.get('group') ?? '';
  const selected = new Set(list(query, 'sel'));
  const open = new Set(list(query, 'open'));
  const experiment = (await mlflow('experiments/get', { experiment_id: experimentId })).experiment;
  pageTitle(`Runs of ${experiment.name}`);
  let columnsParam = query.get('cols') ?? undefined; // changed in place by the column picker
  const here = patch => link(`/experiments/${encodeURIComponent(experimentId)}`, {
    filter, order, cols: columnsParam, group, sel: [...selected], open: [...open], page, ...patch,
  });

  const form = h('form', { class: 'filter', id: 'filter-form', onsubmit: event => {
    event.preventDefault();
    update({ filter: event.target.elements.filter.value.trim(), page: 1 });
  } },
  h('input', { name: 'filter', id: 'filter', value: filter, spellcheck: 'false', autocomplete: 'off',
    placeholder: "metrics.acc > 0.9 and params.lr = '0.01' or tags.team IN ('a', 'b')", 'aria-label': 'Filter runs' }),
  h('button', { type: 'submit' }, 'Filter'),
  filter ? h('button', { type: 'button', onclick: () => update({ filter: '', page: 1 }) }, 'Clear') : null);
  const crumbs = breadcrumbs(['Experiments', link('/')], [experiment.name]);

  let result;
  try {
    result = group ? await fetchAll(experimentId, filter, order) : await fetchPage(experimentId, filter, order, page);
  } catch (error) {
    if (error.status === 400) {
      return h('div', {}, crumbs, section(`Runs of ${experiment.name}`, form, errorBox(error, { id: 'filter-error' })));
    }
    throw error;
  }

  const runs = result.runs;
  const keys = { metrics: new Set(), params: new Set(), tags: new Set() };
  for (const run of runs) {
    (run.data?.metrics ?? []).forEach(m => keys.metrics.add(m.key));
    (run.data?.params ?? []).forEach(p => keys.params.add(p.key));
    (run.data?.tags ?? []).forEach(t => { if (!HIDDEN_TAG.test(t.key)) keys.tags.add(t.key); });
  }
  const columns = query.has('cols')
    ? list(query, 'cols').filter(c => c !== 'none')
    : [...[...keys.metrics].sort().map(k => `metrics.${k}`), ...[...keys.params].sort().map(k => `params.${k}`)].slice(0, DEFAULT_COLUMNS);

  // Selection lives in the URL (sel), so it survives paging, sorting and filtering; the button counts every page's.
  const compare = h('button', { type: 'button', id: 'compare', onclick: () => { location.hash = link('/compare', { runs: [...selected], exp: experimentId }); } });
  const charts = h('details', { class: 'card', id: 'selected-charts', ontoggle: () => drawSelectedCharts() }, h('summary', {}, 'Charts of the selected runs'), h('div', { class: 'chart-panel' }));
  const refreshSelection = () => {
    compare.textContent = `Compare selected (${selected.size})`;
    compare.disabled = selected.size < 2; // a disabled button is out of the tab order, unlike a link styled as one
    update({ sel: [...selected] }, { silent: true });
    for (const a of document.querySelectorAll('a[data-keeps-selection]')) a.href = here({ page: Number(a.dataset.page) || page, ...JSON.parse(a.dataset.patch ?? '{}') });
    drawSelectedCharts();
  };
  const drawSelectedCharts = async () => {
    const panel = charts.querySelector('.chart-panel');
    if (!charts.open) return;
    if (selected.size === 0) { panel.replaceChildren(h('p', { class: 'note' }, 'Tick runs to draw their metrics side by side.')); return; }
    const byId = new Map(runs.map(r => [r.info.run_id, r]));
    const chosen = await Promise.all([...selected].map(id => byId.get(id) ?? getRun(id)));
    panel.replaceChildren(chartGrid(chosen, { id: 'selected-chart-grid' }));
  };

  const sortHeader = (label, field) => {
    const [current, direction] = order.split(/\s+/);
    const active = current === field;
    const next = active && direction !== 'DESC' ? `${field} DESC` : field + (active ? '' : ' DESC');
    return h('a', { href: here({ order: next, page: 1 }), class: active ? 'sorted' : '', dataset: { keepsSelection: '', patch: JSON.stringify({ order: next, page: 1 }) } },
      label, active ? (direction === 'DESC' ? ' ▼' : ' ▲') : '');
  };
  const columnHeader = column => {
    const [kind, ...rest] = column.split('.');
    return kind === 'tags' ? column : sortHeader(column, `${kind}.${quoteKey(rest.join('.'))}`);
  };

  const tableArea = h('div', { class: 'table-scroll', id: 'runs-scroll' });
  const drawTable = () => tableArea.replaceChildren(group
    ? groupedTable(runs, columns, group, columnHeader)
    : runsTable({ runs, columns, selected, open, refreshSelection, sortHeader, columnHeader, here }));
  drawTable();

  const chooser = columnPicker(keys, columns, next => {
    columns.splice(0, columns.length, ...next);
    columnsParam = next.length ? next.join(',') : 'none';
    update({ cols: columnsParam }, { silent: true });
    drawTable();
  });

  const groupPicker = h('label', {}, 'Group by ', h('select', { id: 'group-by', onchange: e => update({ group: e.target.value, page: 1 }) },
    h('option', { value: '' }, 'nothing'),
    [...keys.params].sort().map(k => h('option', { value: `params.${k}`, selected: group === `params.${k}` }, `params.${k}`))));

  const count = h('span', { id: 'run-count', class: 'count' });
  const first = (page - 1) * PAGE_SIZE + 1;
  const pageInfo = h('span', { id: 'page-info' }, group ? `${runs.length} runs in ${new Set(runs.map(r => groupValue(r, group))).size} groups`
    : runs.length === 0 ? 'No runs match.' : `Runs ${first}–${first - 1 + runs.length}`);
  if (!group) {
    ariadne('runs/count', { experiment_ids: [experimentId], filter: filter || undefined })
      .then(r => { count.textContent = ` of ${Number(r.count).toLocaleString('en-US')}`; count.dataset.count = String(r.count); }, () => {});
  }
  const pager = h('div', { class: 'pager' },
    !group && page > 1 ? h('a', { class: 'button', href: here({ page: page - 1 }), dataset: { keepsSelection: '', page: String(page - 1) } }, '← Previous') : null,
    h('span', {}, pageInfo, count),
    !group && result.next ? h('a', { class: 'button', id: 'next-page', href: here({ page: page + 1 }), dataset: { keepsSelection: '', page: String(page + 1) } }, 'Next →') : null);

  refreshSelection();
  return h('div', { class: 'runs-page' },
    crumbs,
    section(`Runs of ${experiment.name}`,
      form,
      h('div', { class: 'toolbar' }, h('div', { class: 'actions' }, chooser, groupPicker), h('div', { class: 'actions' }, compare)),
      tableArea,
      pager),
    charts);
}

/** The runs of a page; a run whose parent is on the page sits under it (collapsed until opened), others show their parent. */
function runsTable({ runs, columns, selected, open, refreshSelection, sortHeader, columnHeader, here }) {
  const ids = new Set(runs.map(r => r.info.run_id));
  const parentOf = run => runData(run).tags['mlflow.parentRunId'];
  const children = new Map();
  for (const run of runs) {
    const parent = parentOf(run);
    if (parent && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), run]);
  }
  const names = new Map(runs.map(r => [r.info.run_id, r.info.run_name || r.info.run_id]));
  const tbody = h('tbody', {});
  const rowsOf = (run, depth) => {
    const id = run.info.run_id;
    const kids = children.get(id) ?? [];
    const expanded = open.has(id);
    const row = runRow(run, { columns, depth, kids, expanded, selected, refreshSelection, parentName: names.get(parentOf(run)), toggle: () => {
      if (open.has(id)) open.delete(id); else open.add(id);
      update({ open: [...open] }, { silent: true });
      tbody.replaceChildren(...roots.flatMap(r => rowsOf(r, 0)));
      tbody.querySelector(`tr[data-run='${id}'] button.expand`)?.focus();
    } });
    return [row, ...(expanded ? kids.flatMap(k => rowsOf(k, depth + 1)) : [])];
  };
  const roots = runs.filter(r => !ids.has(parentOf(r)));
  tbody.replaceChildren(...roots.flatMap(r => rowsOf(r, 0)));
  nameParents(tbody, names, [...new Set(runs.map(parentOf).filter(p => p && !ids.has(p)))], runs[0]?.info.experiment_id);
  return h('table', { id: 'runs', class: 'runs' },
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')),
      h('th', { scope: 'col' }, sortHeader('Name', 'attributes.run_name')),
      h('th', { scope: 'col' }, 'Parent'),
      h('th', { scope: 'col' }, sortHeader('Status', 'attributes.status')),
      h('th', { scope: 'col' }, sortHeader('Start', 'attributes.start_time')),
      h('th', { scope: 'col' }, 'Duration'),
      ...columns.map(c => h('th', { scope: 'col', dataset: { column: c } }, columnHeader(c))),
    ])),
    tbody);
}

function runRow(run, { columns, depth, kids, expanded, selected, refreshSelection, parentName, toggle }) {
  const data = runData(run);
  const id = run.info.run_id;
  const parent = data.tags['mlflow.parentRunId'];
  const name = run.info.run_name || id;
  return h('tr', { dataset: { run: id, depth: String(depth) }, class: depth > 0 ? 'child' : '', style: depth > 0 ? `--depth: ${depth}` : null },
    h('td', {}, h('input', { type: 'checkbox', class: 'select', checked: selected.has(id), 'aria-label': `Select ${name}`, onchange: event => {
      if (event.target.checked) selected.add(id); else selected.delete(id);
      refreshSelection();
    } })),
    h('td', { class: 'name' },
      kids.length ? h('button', { type: 'button', class: 'expand', 'aria-expanded': String(expanded), 'aria-label': `${expanded ? 'Collapse' : 'Expand'} ${name} (${kids.length} child runs)`, onclick: toggle },
        expanded ? '▾' : '▸', ` ${kids.length}`) : null,
      ' ', h('a', { href: link(data.tags['ariadne.sweep'] === 'true' ? `/sweeps/${id}` : `/runs/${id}`), title: name }, name)),
    h('td', { class: 'parent' }, parent ? h('a', { href: link(`/runs/${parent}`), class: 'parent-link', dataset: { parent } }, parentName ?? parent.slice(0, 8) + '…') : ''),
    h('td', {}, h('span', { class: `status ${run.info.status}` }, run.info.status)),
    h('td', { class: 'time' }, format.time(run.info.start_time)),
    h('td', { class: 'num' }, format.duration(run.info.start_time, run.info.end_time)),
    columns.map(column => {
      const [kind, ...rest] = column.split('.');
      const key = rest.join('.');
      const value = kind === 'metrics' ? data.metrics[key] : kind === 'params' ? data.params[key] : data.tags[key];
      return h('td', { class: kind === 'metrics' ? 'num' : '' }, kind === 'metrics' ? format.number(value) : value ?? '');
    }));
}

/** Parents on other pages are named once their runs are in (one search for all of them), in place of their ids. */
function nameParents(tbody, names, parentIds, experimentId) {
  if (!parentIds.length || !experimentId) return;
  const quoted = parentIds.slice(0, 100).map(id => `'${id}'`).join(', ');
  searchRuns({ experimentIds: [experimentId], filter: `attributes.run_id IN (${quoted})`, maxResults: 100 }).then(result => {
    for (const parent of result.runs ?? []) {
      names.set(parent.info.run_id, parent.info.run_name || parent.info.run_id);
      for (const a of tbody.querySelectorAll(`a.parent-link[data-parent='${parent.info.run_id}']`)) a.textContent = parent.info.run_name || parent.info.run_id;
    }
  }, () => {});
}

function groupValue(run, group) {
  const key = group.replace(/^params\./, '');
  return runData(run).params[key] ?? '(none)';
}

/** Runs grouped by a param's value, W&B style: a row per group with its run count and each metric's mean, min and max. */
function groupedTable(runs, columns, group, columnHeader) {
  const groups = new Map();
  for (const run of runs) {
    const value = groupValue(run, group);
    groups.set(value, [...(groups.get(value) ?? []), run]);
  }
  const metricColumns = columns.filter(c => c.startsWith('metrics.'));
  const stats = (members, key) => {
    const values = members.map(r => Number(runData(r).metrics[key])).filter(Number.isFinite);
    if (!values.length) return null;
    return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
  };
  const numeric = [...groups.keys()].every(v => Number.isFinite(Number(v)));
  const ordered = [...groups.entries()].sort(([a], [b]) => numeric ? Number(a) - Number(b) : a.localeCompare(b));
  return h('table', { id: 'runs', class: 'runs grouped' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, group), h('th', { scope: 'col' }, 'Runs'),
      metricColumns.map(c => h('th', { scope: 'col', dataset: { column: c } }, columnHeader(c), h('div', { class: 'note' }, 'mean (min – max)'))))),
    h('tbody', {}, ordered.map(([value, members]) => h('tr', { class: 'group-row', dataset: { group: value, runs: String(members.length) } },
      h('td', {}, value),
      h('td', { class: 'num' }, String(members.length)),
      metricColumns.map(c => {
        const s = stats(members, c.slice('metrics.'.length));
        return h('td', { class: 'num', dataset: s ? { mean: String(s.mean), min: String(s.min), max: String(s.max) } : {} },
          s ? `${format.number(s.mean)} (${format.number(s.min)} – ${format.number(s.max)})` : '');
      })))));
}

/**
 * The column picker: stays open while columns are ticked (the table redraws in place), a search box narrows the keys,
 * and metrics, params and tags are all offered.
 */
function columnPicker(keys, columns, onChange) {
  const summary = h('summary', {}, `Columns (${columns.length})`);
  const search = h('input', { type: 'search', id: 'column-search', placeholder: 'Search metrics, params and tags', 'aria-label': 'Search columns', autocomplete: 'off' });
  const groups = ['metrics', 'params', 'tags'].map(kind => h('fieldset', { dataset: { kind } }, h('legend', {}, kind),
    [...keys[kind]].sort().map(key => {
      const column = `${kind}.${key}`;
      return h('label', { dataset: { key: column.toLowerCase() } }, h('input', { type: 'checkbox', checked: columns.includes(column), dataset: { column }, onchange: event => {
        const next = event.target.checked ? [...columns, column] : columns.filter(c => c !== column);
        summary.textContent = `Columns (${next.length})`;
        onChange(next);
      } }), ' ', key);
    })));
  search.addEventListener('input', () => {
    const text = search.value.trim().toLowerCase();
    for (const label of groups.flatMap(g => [...g.querySelectorAll('label')])) label.hidden = text !== '' && !label.dataset.key.includes(text);
  });
  const all = h('button', { type: 'button', onclick: () => { onChange([]); for (const box of groups.flatMap(g => [...g.querySelectorAll('input')])) box.checked = false; summary.textContent = 'Columns (0)'; } }, 'None');
  return h('details', { class: 'columns', id: 'column-chooser' }, summary, h('div', { class: 'picker' }, search, all, groups));
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

/** Every matching run (up to GROUP_LIMIT), for grouping. */
async function fetchAll(experimentId, filter, order) {
  const runs = [];
  let token;
  do {
    const result = await searchRuns({ experimentIds: [experimentId], filter, orderBy: order, maxResults: 1000, pageToken: token });
    runs.push(...(result.runs ?? []));
    token = result.next_page_token;
  } while (token && runs.length < GROUP_LIMIT);
  return { runs, next: null };
}

