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

/** A table with one header cell per entry of headers (nested arrays are flattened: each column its own <th>). */
export function table(headers, rows, attributes = {}) {
  return h('table', attributes,
    h('thead', {}, h('tr', {}, headers.flat(Infinity).map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

/** A button that copies text to the clipboard and says so (for run ids, hashes). */
export function copyButton(text, label = 'id') {
  const button = h('button', { type: 'button', class: 'copy', title: `Copy ${label}`, 'aria-label': `Copy ${label} ${text}`, dataset: { copy: text }, onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      // No clipboard permission (an http page on another host): select the text for Ctrl-C instead.
      const range = document.createRange();
      range.selectNodeContents(button.previousElementSibling ?? button);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      button.textContent = 'Press Ctrl-C';
    }
    announce(`Copied ${label}`);
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  } }, 'Copy');
  return button;
}

/** An id shown in monospace with a copy button. */
export function idWithCopy(id, label = 'id') {
  return h('span', { class: 'id-copy' }, h('span', { class: 'mono' }, id), ' ', copyButton(id, label));
}

/** Says something to screen readers through the page's one live region (the main area is not live). */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}

/** Breadcrumbs: [label, href] pairs, the last one the current page (no link). */
export function breadcrumbs(...items) {
  const list = items.filter(Boolean);
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, list.map(([label, href], i) => h('li', {},
    i < list.length - 1 && href ? h('a', { href }, label) : h('span', { 'aria-current': i === list.length - 1 ? 'page' : null }, label)))));
}

/** The browser tab's title for a page: "what – Ariadne". */
export function pageTitle(...parts) {
  document.title = [...parts.filter(Boolean), 'Ariadne'].join(' – ');
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
  /**
   * A value that may be a time: epoch milliseconds (13 digits), epoch seconds (10 digits, for keys that name a time) or
   * .NET ticks (18 digits, 100 ns since 0001-01-01) become a date and time; anything else is returned as it is.
   */
  maybeTime(key, value) {
    const text = String(value ?? '').trim();
    if (!/^\d{10,19}$/.test(text)) return value;
    const named = /(time|_at|date|timestamp|started|ended|created|modified)$/i.test(key);
    const n = Number(text);
    if (text.length === 18 && n > 6.3e17 && n < 6.7e17) return format.time((n - 621355968000000000) / 10000);
    if (text.length === 13 && (named || (n > 9.4e11 && n < 4.1e12))) return format.time(n);
    if (text.length === 10 && named) return format.time(n * 1000);
    return value;
  },
};
