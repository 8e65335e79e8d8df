// Drives an Ariadne tracking server's MLflow Model Registry REST API 2.0 with the npm package 'mlflow' (2.0.7).
// That client has no model-registry calls (it exports Experiments, Runs, Metrics and Artifacts only), so this script
// uses the client's own generic request layer, MLflowBase.req(method, path, params), which builds the URL
// (<endpoint>/api/2.0/mlflow/<path>), sends GET and DELETE parameters as a query string and POST bodies as JSON, and throws on
// any status other than 200. Usage: node mlflow-registry-check.js <server-url> [token]
// Exits 0 when every step behaved as model_registry.proto defines; prints 'RESULT {json}' as its last line.
'use strict';
const assert = require('assert');
const MLflow = require('mlflow');
const { MLflowBase } = require('mlflow/lib/mlflow');

const [endpoint, token] = process.argv.slice(2);
const options = { endpoint: endpoint.replace(/\/$/, ''), headers: token ? { Authorization: `Bearer ${token}` } : {} };
const { Experiments, Runs } = new MLflow(options);
const registry = new MLflowBase(options);
const call = (method, path, params) => registry.req(method, path, params);

// The client's req() prints every JSON body it sends: keep stdout for the result line.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');

async function refused(name, promise, status, code) {
  try {
    await promise;
  } catch (e) {
    // req() wraps the reply as Error(Error(JSON.stringify({status, statusText, data}))).
    const text = String(e.message).replace(/^Error: /, '');
    const reply = JSON.parse(text);
    assert.strictEqual(reply.status, status, `${name}: ${text}`);
    assert.strictEqual(reply.data.error_code, code, `${name}: ${text}`);
    return reply.data;
  }
  assert.fail(`${name} was expected to be refused with ${status} ${code} but succeeded`);
}

(async () => {
  const started = Date.now();
  const { experiment_id } = await Experiments.create({ name: `node-registry-${started}` });
  const { run } = await Runs.create({ experiment_id, user_id: 'node', start_time: started });
  const run_id = run.info.run_id;

  const name = `node-model-${started}`;
  const created = await call('post', 'registered-models/create', { name, description: 'from the npm client', tags: [{ key: 'team', value: 'vision' }] });
  assert.strictEqual(created.registered_model.name, name);
  assert.deepStrictEqual(created.registered_model.tags, [{ key: 'team', value: 'vision' }]);
  await refused('registered-models/create twice', call('post', 'registered-models/create', { name }), 400, 'RESOURCE_ALREADY_EXISTS');

  const versions = [];
  for (let i = 0; i < 2; i++) {
    const { model_version } = await call('post', 'model-versions/create', { name, source: `runs:/${run_id}/model`, run_id, description: `v${i + 1}` });
    assert.strictEqual(model_version.name, name);
    assert.strictEqual(model_version.version, String(i + 1));
    assert.strictEqual(model_version.run_id, run_id);
    assert.strictEqual(model_version.status, 'READY');
    versions.push(model_version.version);
  }

  await call('post', 'registered-models/alias', { name, alias: 'champion', version: '1' });
  await call('post', 'registered-models/alias', { name, alias: 'challenger', version: '2' });
  const byAlias = await call('get', 'registered-models/alias', { name, alias: 'challenger' });
  assert.strictEqual(byAlias.model_version.version, '2');
  assert.deepStrictEqual(byAlias.model_version.aliases, ['challenger']);
  await refused('alias latest (reserved)', call('post', 'registered-models/alias', { name, alias: 'latest', version: '1' }), 400, 'INVALID_PARAMETER_VALUE');
  await refused('unknown alias', call('get', 'registered-models/alias', { name, alias: 'nobody' }), 404, 'RESOURCE_DOES_NOT_EXIST');

  const got = await call('get', 'registered-models/get', { name });
  assert.deepStrictEqual(got.registered_model.aliases.map(a => `${a.alias}=${a.version}`).sort(), ['challenger=2', 'champion=1']);
  assert.strictEqual(got.registered_model.latest_versions.length, 1);
  assert.strictEqual(got.registered_model.latest_versions[0].version, '2');

  const models = await call('get', 'registered-models/search', { filter: `name LIKE 'node-model-${started}%'`, max_results: 10 });
  assert.deepStrictEqual(models.registered_models.map(m => m.name), [name]);
  const found = await call('get', 'model-versions/search', { filter: `name = '${name}'`, order_by: 'version_number ASC' });
  assert.deepStrictEqual(found.model_versions.map(v => v.version), ['1', '2']);
  const byRun = await call('get', 'model-versions/search', { filter: `run_id = '${run_id}'` });
  assert.strictEqual(byRun.model_versions.length, 2);

  const latest = await call('post', 'registered-models/get-latest-versions', { name });
  assert.deepStrictEqual(latest.model_versions.map(v => v.version), ['2']);
  const one = await call('get', 'model-versions/get', { name, version: '1' });
  assert.strictEqual(one.model_version.description, 'v1');
  assert.deepStrictEqual(one.model_version.aliases, ['champion']);
  const download = await call('get', 'model-versions/get-download-uri', { name, version: '1' });
  assert.ok(download.artifact_uri.endsWith(`/${run_id}/artifacts/model`), download.artifact_uri);

  await call('post', 'registered-models/rename', { name, new_name: `${name}-renamed` });
  const renamed = await call('get', 'registered-models/alias', { name: `${name}-renamed`, alias: 'champion' });
  assert.strictEqual(renamed.model_version.version, '1');
  await refused('old name after rename', call('get', 'registered-models/get', { name }), 404, 'RESOURCE_DOES_NOT_EXIST');

  // DELETE with the parameters in the query string, as this client sends every non-POST call.
  const current = `${name}-renamed`;
  await call('delete', 'registered-models/alias', { name: current, alias: 'challenger' });
  await refused('deleted alias', call('get', 'registered-models/alias', { name: current, alias: 'challenger' }), 404, 'RESOURCE_DOES_NOT_EXIST');
  const afterDelete = await call('get', 'registered-models/get', { name: current });
  assert.deepStrictEqual(afterDelete.registered_model.aliases.map(a => `${a.alias}=${a.version}`), ['champion=1']);
  await call('delete', 'registered-models/delete-tag', { name: current, key: 'team' });
  const untagged = await call('get', 'registered-models/get', { name: current });
  assert.deepStrictEqual(untagged.registered_model.tags || [], []);
  await refused('alias delete without a name', call('delete', 'registered-models/alias', { alias: 'champion' }), 400, 'INVALID_PARAMETER_VALUE');

  process.stdout.write('RESULT ' + JSON.stringify({ name: `${name}-renamed`, run_id, versions, download_uri: download.artifact_uri }) + '\n');
})().catch(e => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
