// Checks a model card's front matter against the Hugging Face Hub's rules, with parsers nobody here wrote:
// the YAML is read by the npm package 'yaml' (strict, duplicate keys refused), and the metadata is type-checked by
// the TypeScript compiler against the Hub's own type for model card metadata, ApiModelMetadata from @huggingface/hub
// (license from the Hub's license list, model-index results with task.type, dataset {type, name, split, revision},
// metrics {type, value, name}), plus `metrics: string[]`, which hub-docs modelcard.md lists and that type leaves out.
// A key the Hub's type does not know is an error too (excess property check of `satisfies`).
// Usage: node model-card-check.js README.md   -> prints {"ok": true|false, "errors": [...], "metadata": {...}}
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const YAML = require("yaml");
const ts = require("typescript");

function check(file) {
  const text = fs.readFileSync(file, "utf8");
  const match = /^---\n([\s\S]*?)\n---(\n|$)/.exec(text);
  if (!match) return { ok: false, errors: ["the card does not start with YAML front matter between '---' lines"] };
  let metadata;
  try {
    metadata = YAML.parse(match[1], { strict: true, uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    return { ok: false, errors: ["YAML: " + e.message] };
  }
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    return { ok: false, errors: ["the front matter is not a YAML mapping"] };
  }
  const errors = [];
  // hub-docs modelcard.md: model-index dataset.type and dataset.name are required, metric value is required.
  for (const [i, entry] of (metadata["model-index"] || []).entries()) {
    for (const [j, result] of ((entry && entry.results) || []).entries()) {
      if (!result.dataset) errors.push(`model-index[${i}].results[${j}]: dataset is missing`);
      for (const [k, metric] of ((result && result.metrics) || []).entries()) {
        if (metric && (metric.value === null || metric.value === undefined)) errors.push(`model-index[${i}].results[${j}].metrics[${k}]: value is missing`);
      }
    }
  }
  const hubTypes = path.join(__dirname, "node_modules", "@huggingface", "hub", "dist", "src", "types", "api", "api-model");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "model-card-check-"));
  const source = path.join(dir, "card.ts");
  fs.writeFileSync(source,
    `import type { ApiModelMetadata } from ${JSON.stringify(hubTypes)};\n` +
    `export const card = ${JSON.stringify(metadata, null, 2)} satisfies ApiModelMetadata & { metrics?: string[] };\n`);
  const program = ts.createProgram([source], {
    noEmit: true, strict: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    errors.push((where ? `card.ts:${where.line + 1}: ` : "") + ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { ok: errors.length === 0, errors, metadata };
}

const result = check(process.argv[2]);
process.stdout.write(JSON.stringify(result) + "\n");
process.exit(result.ok ? 0 : 1);
