// Every view's state lives in the URL fragment, "#/path?key=value&...", so a view is a link.
export function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return { path, query: new URLSearchParams(query) };
}

export function link(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
  }
  const text = params.toString();
  return '#' + path + (text ? '?' + text : '');
}

/** Changes query keys of the current view: navigates (re-renders), or with silent only records them in the URL. */
export function update(patch, { silent = false } = {}) {
  const { path, query } = current();
  const merged = Object.fromEntries(query.entries());
  Object.assign(merged, patch);
  const target = link(path, merged);
  if (silent) history.replaceState(null, '', target);
  else location.hash = target;
}

export const list = (query, key) => (query.get(key) ?? '').split(',').map(x => x.trim()).filter(Boolean);
