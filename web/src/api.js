// The server's APIs: MLflow's REST API 2.0 and Ariadne's own, same origin. Errors carry the server's message
// (for a filter with a syntax error it names the position), shown inline by the views.
const MLFLOW = '/api/2.0/mlflow/';
const ARIADNE = '/api/ariadne/';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(url, body) {
  const response = await fetch(url, body === undefined
    ? { headers: { Accept: 'application/json' } }
    : { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { json = { message: text }; }
  if (!response.ok) throw new ApiError(response.status, json.error_code ?? 'HTTP_' + response.status, json.message ?? `${response.status} ${response.statusText}`);
  return json;
}

export const mlflow = (action, body) => call(MLFLOW + action, body ?? {});
export const ariadne = (action, body) => call(ARIADNE + action, body);

export async function allExperiments() {
  const experiments = [];
  let token;
  do {
    const page = await mlflow('experiments/search', { max_results: 1000, view_type: 'ACTIVE_ONLY', page_token: token });
    experiments.push(...(page.experiments ?? []));
    token = page.next_page_token;
  } while (token);
  return experiments;
}

export const getRun = runId => mlflow('runs/get', { run_id: runId }).then(r => r.run);

export const searchRuns = ({ experimentIds, filter, orderBy, maxResults = 100, pageToken }) => ariadne('runs/search', {
  experiment_ids: experimentIds,
  filter: filter || undefined,
  order_by: orderBy ? [orderBy] : undefined,
  max_results: maxResults,
  page_token: pageToken || undefined,
  run_view_type: 'ACTIVE_ONLY',
});

export const history = (runId, key, maxPoints = 2000) =>
  ariadne('metrics/get-history-downsampled', { run_id: runId, metric_key: key, max_points: maxPoints }).then(r => r.metrics ?? []);

export const artifactUrl = (run, path) =>
  `/api/2.0/mlflow-artifacts/artifacts/${encodeURIComponent(run.info.experiment_id)}/${encodeURIComponent(run.info.run_id)}/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;

/** A run's data as maps: params, latest metrics, tags. */
export function runData(run) {
  const map = list => Object.fromEntries((list ?? []).map(x => [x.key, x.value]));
  return { params: map(run.data?.params), metrics: map(run.data?.metrics), tags: map(run.data?.tags) };
}

let who;
/** Who the browser is on this server and whether it may write (edit notes and tags): asked once per page load. */
export function session() {
  who ??= call('/api/ariadne/ui/session').catch(() => ({ user: null, role: 'reader', can_write: false }));
  return who;
}
