// Loads an RO-Crate folder with the npm package 'ro-crate' (not written here) and reports what it found, as one line
// 'RESULT {json}': every entity of the graph looked up by id, every reference that resolves to no entity, the
// validator's errors (root data entity, data entities that name missing files) and files on disk the crate does not describe.
// Usage: node ro-crate-check.js CRATE_DIR
const fs = require('fs');
const path = require('path');
const { ROCrate } = require('ro-crate');
const { Validator } = require('ro-crate/lib/validator');

const dir = process.argv[2];
const raw = fs.readFileSync(path.join(dir, 'ro-crate-metadata.json'), 'utf8');
const json = JSON.parse(raw);
const crate = new ROCrate(json, { array: true, link: true });

const ids = json['@graph'].map((e) => e['@id']);
const found = ids.filter((id) => crate.getEntity(id));
const dangling = new Set();
function walk(value, own) {
  if (Array.isArray(value)) { value.forEach((v) => walk(v, own)); return; }
  if (value && typeof value === 'object') {
    const id = value['@id'];
    if (typeof id === 'string' && id !== own && Object.keys(value).length === 1 && !/^https?:/.test(id) && !crate.getEntity(id)) {
      dangling.add(id);
    }
    for (const [k, v] of Object.entries(value)) { if (k !== '@id') walk(v, own); }
  }
}
json['@graph'].forEach((e) => walk(e, e['@id']));

const validator = new Validator();
validator.parseJSON(raw);
// The validator's context and root checks resolve terms through the RO-Crate context fetched from w3id.org; there is
// no network here, so the root data entity's required properties are checked on the loaded crate instead.
const rootEntity = crate.rootDataset;
const rootErrors = [];
if (!rootEntity || !rootEntity['@type'].includes('Dataset')) rootErrors.push('Root data entity is not a Dataset');
for (const property of ['name', 'description', 'datePublished', 'license']) {
  if (!rootEntity || rootEntity[property] === undefined || rootEntity[property].length === 0) rootErrors.push('Root data entity lacks ' + property);
}
if (rootEntity && !/^\d{4}(-\d{2}(-\d{2})?)?/.test(String(rootEntity.datePublished))) rootErrors.push('datePublished is not YYYY-MM-DD…');
const files = {};
for (const entry of fs.readdirSync(dir, { recursive: true })) {
  if (entry === 'ro-crate-metadata.json') continue;
  const isDir = fs.lstatSync(path.join(dir, entry)).isDirectory();
  // RO-Crate 1.1 writes a folder's @id with a trailing slash.
  files[isDir ? entry + '/' : entry] = { exists: true, inCrate: false, isDir };
}
validator.checkFiles(files);
const undescribed = Object.entries(files).filter(([, f]) => !f.isDir && !f.inCrate && !f.dirDescribed).map(([name]) => name);
const types = {};
for (const entity of crate.entities()) {
  for (const t of entity['@type']) types[t] = (types[t] || 0) + 1;
}
const root = crate.rootDataset;
console.log('RESULT ' + JSON.stringify({
  entities: ids.length,
  found: found.length,
  dangling: [...dangling],
  errors: rootErrors.concat(validator.results.filter((r) => r.status === 'error').map((r) => r.message + (r.entity ? ' ' + r.entity : ''))),
  undescribed,
  types,
  mainEntity: root.mainEntity ? root.mainEntity[0]['@id'] : null,
  conformsTo: (root.conformsTo || []).map((c) => c['@id']),
  actions: [...crate.entities()].filter((e) => e['@type'].includes('CreateAction')).map((e) => ({
    id: e['@id'],
    instrument: e.instrument.map((i) => i['@id']),
    object: (e.object || []).map((o) => o['@id']),
    result: (e.result || []).map((o) => o['@id']),
    startTime: e.startTime ? e.startTime[0] : null,
    endTime: e.endTime ? e.endTime[0] : null,
    agent: e.agent ? e.agent[0]['@id'] : null,
  })),
}));
