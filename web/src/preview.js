// Artifact previews: images shown, CSV/TSV as a table, JSON pretty-printed, text as it is; anything else downloads.
import { format, h } from './dom.js';

const IMAGE = /\.(png|jpe?g|gif|svg|webp)$/i;
const TABLE = /\.(csv|tsv)$/i;
const JSON_FILE = /\.(json|jsonl|ipynb)$/i;
const TEXT = /\.(txt|log|md|diff|patch|ya?ml|py|r|cs|fs|sh|toml|ini|cfg|sql|html|xml|ari|lock|out|err)$/i;
const MAX_TEXT = 512 * 1024;
const MAX_ROWS = 200;

export async function preview(url, path, size) {
  const name = path.split('/').pop();
  const download = h('a', { class: 'button download', href: url, download: name }, `Download ${name} (${format.bytes(size)})`);
  if (IMAGE.test(path)) return h('div', { class: 'preview' }, download, h('img', { src: url, alt: path, class: 'artifact-image' }));
  const known = TABLE.test(path) || JSON_FILE.test(path) || TEXT.test(path);
  if (!known && size > 64 * 1024) return h('div', { class: 'preview' }, download, h('p', {}, 'No preview for this kind of file.'));

  const response = await fetch(url, size > MAX_TEXT ? { headers: { Range: `bytes=0-${MAX_TEXT - 1}` } } : {});
  if (!response.ok) {
    // The server says why (a sealed test set, for one, is read only through 'ariadne holdout read').
    let reason = `${response.status} ${response.statusText}`;
    try { reason = (await response.json()).message ?? reason; } catch { /* no JSON body */ }
    throw new Error(`Could not read ${path}: ${reason}`);
  }
  const buffer = await response.arrayBuffer();
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer.slice(0, MAX_TEXT));
  const cut = buffer.byteLength > MAX_TEXT || size > MAX_TEXT ? h('p', { class: 'note' }, `Showing the first ${format.bytes(MAX_TEXT)}.`) : null;
  if (!known && /[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    return h('div', { class: 'preview' }, download, h('p', {}, 'Binary file: no preview.'));
  }

  if (TABLE.test(path)) {
    const rows = parseDelimited(text, /\.tsv$/i.test(path) ? '\t' : ',');
    const [header = [], ...body] = rows;
    return h('div', { class: 'preview' }, download,
      h('p', { class: 'note' }, body.length > MAX_ROWS ? `First ${MAX_ROWS} of ${body.length}+ rows.` : `${body.length} rows.`),
      h('div', { class: 'scroll' }, h('table', { class: 'csv' },
        h('thead', {}, h('tr', {}, header.map(c => h('th', {}, c)))),
        h('tbody', {}, body.slice(0, MAX_ROWS).map(r => h('tr', {}, r.map(c => h('td', {}, c))))))), cut);
  }

  if (JSON_FILE.test(path) && !/\.jsonl$/i.test(path)) {
    let pretty = text;
    try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as text when cut or invalid */ }
    return h('div', { class: 'preview' }, download, h('pre', { class: 'json' }, pretty), cut);
  }

  return h('div', { class: 'preview' }, download, h('pre', { class: 'text' }, text), cut);
}

/** RFC 4180 fields: quotes around fields, doubled quotes inside, separators and line breaks inside quotes. */
export function parseDelimited(text, separator) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
