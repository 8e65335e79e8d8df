// Builds DOM nodes from data without ever parsing it as HTML: run names, tags and artifact contents are user data.
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'checked' || name === 'value' || name === 'selected') node[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

export function table(headers, rows, attributes = {}) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, headers.map(x => x instanceof Node ? h('th', {}, x) : h('th', {}, x)))),
    h('tbody', {}, rows));
}

export function section(title, ...content) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...content);
}

export function errorBox(error, attributes = {}) {
  return h('div', { class: 'error', role: 'alert', ...attributes }, error?.message ?? String(error));
}

export const format = {
  time(ms) {
    if (ms === undefined || ms === null || ms === '' || Number(ms) === 0) return '';
    const date = new Date(Number(ms));
    const pad = n => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  },
  duration(start, end) {
    if (!start) return '';
    const ms = Math.max(0, Number(end || Date.now()) - Number(start));
    if (ms < 1000) return `${ms} ms`;
    const s = ms / 1000;
    if (s < 60) return `${s.toFixed(1)} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  },
  number(value) {
    if (value === undefined || value === null || value === '') return '';
    const n = Number(value);
    if (typeof value === 'string' && Number.isNaN(n)) return value;
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(n) ? String(n) : Math.abs(n) >= 1e-3 && Math.abs(n) < 1e6 ? n.toPrecision(6).replace(/\.?0+$/, '') : n.toExponential(4);
  },
  bytes(n) {
    n = Number(n);
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
  },
  shortHash(hash) { return hash ? String(hash).slice(0, 12) : ''; },
};
