// Parses a GitHub Actions workflow file with GitHub's own parser (@actions/workflow-parser, the one behind the
// Actions language service) and converts it to the workflow model, as GitHub does before it runs anything.
// Usage: node github-workflow-check.mjs FILE. Prints {"errors": [...], "jobs": [...], "steps": {...}} as JSON;
// exit 0 when the file parsed without errors, 1 otherwise.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { register } from "node:module";

register("./json-import-hooks.mjs", import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

const path = process.argv[2];
const file = { name: basename(path), content: readFileSync(path, "utf8") };
const parsed = parseWorkflow(file, new NoOperationTraceWriter());
const errors = parsed.context.errors.getErrors().map((e) => e.message);
let jobs = [];
const steps = {};
if (parsed.value !== undefined) {
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  errors.push(...(template.errors ?? []).map((e) => e.Message ?? e.message ?? String(e)));
  jobs = (template.jobs ?? []).map((j) => j.id?.value ?? String(j.id));
  for (const job of template.jobs ?? []) {
    steps[job.id?.value ?? String(job.id)] = (job.steps ?? []).map((s) => s.name?.value ?? s.uses?.value ?? s.id);
  }
} else {
  errors.push("the file did not parse to a workflow");
}

console.log(JSON.stringify({ errors, jobs, steps }));
process.exit(errors.length === 0 ? 0 : 1);
