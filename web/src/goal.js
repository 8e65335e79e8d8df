// Whether a metric is better high or low. A sweep says so itself ("sweep.metric" = "min validation.log_loss"); for
// other metrics the name decides: losses, errors, distances and times are minimised, everything else maximised.
const LOWER_IS_BETTER = /(loss|error|err$|_err|rmse|mse|mae|mape|perplexity|distance|wer$|cer$|latency|duration|time$|seconds$|_ms$|regret|bits_per)/i;

/** 'min' or 'max' for a metric key; declared (e.g. a sweep's "min acc") wins over the name. */
export function metricGoal(key, declared) {
  const stated = parseGoal(declared);
  if (stated && (!stated.metric || stated.metric === key || key.endsWith('.' + stated.metric) || stated.metric.endsWith('.' + key))) return stated.goal;
  return LOWER_IS_BETTER.test(key.split('/').at(-1)) ? 'min' : 'max';
}

/** "max acc" or "min validation.log_loss" (a sweep's sweep.metric param) as { goal, metric }; null for anything else. */
export function parseGoal(text) {
  const match = /^(min|max)\s+(.+)$/.exec(String(text ?? '').trim());
  return match ? { goal: match[1], metric: match[2] } : null;
}

/**
 * The best of values for a goal, or undefined when there is nothing to choose between: fewer than two numbers, or every
 * number the same (a row where all runs agree has no best).
 */
export function bestOf(values, goal) {
  const numbers = values.map(Number).filter(Number.isFinite);
  if (numbers.length < 2 || numbers.every(n => n === numbers[0])) return undefined;
  return goal === 'min' ? Math.min(...numbers) : Math.max(...numbers);
}
