// @actions/workflow-parser imports its JSON schema without an import attribute, as bundlers allow; Node.js 20 wants
// `with { type: "json" }`. This load hook supplies the attribute, so the published package runs unchanged.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && context.importAttributes?.type === undefined) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }

  return nextLoad(url, context);
}
