// Drives an Ariadne tracking server with the npm package 'mlflow' (a Node.js MLflow client written by others),
// the way a user of that client would. Usage: node mlflow-client-check.js <server-url> [token]
// Exits 0 when every step behaved as MLflow's API defines; prints 'RESULT {json}' as its last line.
// The client is old (2.0.7) and partly broken; those calls are made too and must fail the way the client's bug
// dictates (see KNOWN_BROKEN), so a change in either the client or the server shows up here.
'use strict';
const assert = require('assert');
const MLflow = require('mlflow');
const { ViewType, RunStatus } = require('mlflow/enum');

const [endpoint, token] = process.argv.slice(2);
const client = new MLflow({ endpoint: endpoint.replace(/\/$/, ''), headers: token ? { Authorization: `Bearer ${token}` } : {} });
const { Experiments, Runs, Metrics, Artifacts } = client;

// The client's own defects, each checked to fail: endpoints it calls that MLflow 2.x does not have, or paths it builds wrongly.
const KNOWN_BROKEN = {
  'Experiments.list': 'calls GET experiments/list, removed in MLflow 2.0 (experiments/search replaced it)',
  'Experiments.setExperimentTag': "builds the path 'experimentsset-experiment-tag' (a missing '/')",
};

async function fails(name, call) {
  try {
    await call();
  } catch (e) {
    const text = String(e.message);
    assert.ok(text.includes('404'), `${name} should fail with 404, got: ${text}`);
    return;
  }
  assert.fail(`${name} was expected to fail (${KNOWN_BROKEN[name]}) but succeeded`);
}

(async () => {
  const started = Date.now();
  const name = `node-client-${started}`;
  const { experiment_id } = await Experiments.create({ name });
  const { experiment } = await Experiments.get({ experiment_id });
  assert.strictEqual(experiment.name, name);
  assert.strictEqual(experiment.lifecycle_stage, 'active');

  const runIds = [];
  for (let i = 0; i < 3; i++) {
    const { run } = await Runs.create({
      experiment_id,
      user_id: 'node',
      start_time: started + i,
      tags: [{ key: 'mlflow.runName', value: `node-run-${i}` }, { key: 'client', value: 'npm-mlflow' }],
    });
    assert.strictEqual(run.info.status, RunStatus.RUNNING);
    const run_id = run.info.run_id;
    runIds.push(run_id);

    await Runs.logParameter({ run_id, key: 'lr', value: i === 1 ? '0.1' : '0.01' });
    for (let step = 0; step < 5; step++) {
      await Runs.logMetric({ run_id, key: 'loss', value: 1 / (step + 1 + i), timestamp: started + step, step });
    }
    await Runs.logBatch({
      run_id,
      metrics: Array.from({ length: 100 }, (_, step) => ({ key: 'acc', value: 0.5 + i / 10 + step / 1000, timestamp: started + step, step })),
      params: [{ key: 'depth', value: String(3 + i) }],
      tags: [{ key: 'batch', value: 'yes' }],
    });
    await Runs.setTag({ run_id, key: 'temporary', value: 'x' });
    await Runs.deleteTag({ run_id, key: 'temporary' });
  }

  const searched = await Runs.search({
    experiment_ids: [experiment_id],
    filter: "params.lr = '0.01' and metrics.acc > 0.5",
    run_view_type: ViewType.ACTIVE_ONLY,
    max_results: 10,
    order_by: ['metrics.acc DESC'],
  });
  assert.deepStrictEqual(searched.runs.map(r => r.info.run_name), ['node-run-2', 'node-run-0']);

  const history = await Metrics.getHistory({ run_id: runIds[0], metric_key: 'loss' });
  assert.deepStrictEqual(history.metrics.map(m => m.step), [0, 1, 2, 3, 4]);
  const accHistory = await Metrics.getHistory({ run_id: runIds[0], metric_key: 'acc' });
  assert.strictEqual(accHistory.metrics.length, 100);

  for (const run_id of runIds) {
    await Runs.update({ run_id, status: RunStatus.FINISHED, end_time: Date.now() });
  }
  const { run } = await Runs.get({ run_id: runIds[0] });
  assert.strictEqual(run.info.status, 'FINISHED');
  assert.ok(run.data.tags.some(t => t.key === 'batch'));
  assert.ok(!run.data.tags.some(t => t.key === 'temporary'));
  assert.strictEqual(run.data.params.find(p => p.key === 'depth').value, '3');

  await Runs.delete({ run_id: runIds[2] });
  const active = await Runs.search({ experiment_ids: [experiment_id], run_view_type: ViewType.ACTIVE_ONLY });
  assert.strictEqual(active.runs.length, 2);
  await Runs.restore({ run_id: runIds[2] });

  const listed = await Artifacts.list({ run_id: runIds[0] });
  assert.ok(listed.root_uri.endsWith(`/${runIds[0]}/artifacts`));

  await Experiments.update({ experiment_id, new_name: `${name}-renamed` });
  const other = await Experiments.create({ name: `${name}-other` });
  await Experiments.delete({ experiment_id: other.experiment_id });
  assert.strictEqual((await Experiments.get({ experiment_id: other.experiment_id })).experiment.lifecycle_stage, 'deleted');
  await Experiments.restore({ experiment_id: other.experiment_id });

  let missing;
  try {
    await Runs.get({ run_id: 'ffffffffffffffffffffffffffffffff' });
  } catch (e) {
    missing = String(e.message);
  }
  assert.ok(missing && missing.includes('RESOURCE_DOES_NOT_EXIST') && missing.includes('404'), `missing run: ${missing}`);

  await fails('Experiments.list', () => Experiments.list({ view_type: ViewType.ALL }));
  await fails('Experiments.setExperimentTag', () => Experiments.setExperimentTag({ experiment_id, key: 'k', value: 'v' }));

  console.log('RESULT ' + JSON.stringify({ experiment_id, run_ids: runIds, known_broken: Object.keys(KNOWN_BROKEN) }));
})().catch(e => {
  console.error('FAILED', e && e.stack || e);
  process.exit(1);
});
