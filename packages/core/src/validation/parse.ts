import * as v from "valibot";
import { HubValidationError, type ValidationIssue } from "../errors/hub-validation-error.ts";

/** A value to show after "e.g." for the fields users most often leave out. */
const EXAMPLES: Record<string, string> = {
  repoId: '"alice/my-model"',
  path: '"config.json"',
  pathInRepo: '"config.json"',
  revision: '"main"',
  title: '"Fix the model card"',
  file: 'new Blob(["hello"])',
  content: 'new Blob(["hello"])',
  files: '[{ pathInRepo: "config.json", content: new Blob(["{}"]) }]',
};

/**
 * Validates `input` against a valibot schema and returns the parsed output.
 * Messages say what to do in plain words (`repoId is required, e.g. "alice/my-model"`) and point
 * users of `@huggingface/hub` (`repo: { type, name }`) and of file paths (`fileSource(path)`) the right way.
 * @throws {HubValidationError} naming each invalid field (dot path) and the rule it broke.
 */
export function parse<const Schema extends v.GenericSchema>(schema: Schema, input: unknown): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new HubValidationError(result.issues.map((issue) => describeIssue(issue, input)));
}

function describeIssue(issue: v.BaseIssue<unknown>, input: unknown): ValidationIssue {
  const field = v.getDotPath(issue) ?? "";
  const name = field.split(".").at(-1) ?? "";
  const example = EXAMPLES[name];
  const missing = issue.kind === "schema" && issue.input === undefined;
  if (field === "" && input === undefined) {
    return { field, rule: 'are required: pass one object, e.g. { repoId: "alice/my-model" }' };
  }
  let rule: string;
  if (missing) rule = `is required${example ? `, e.g. ${example}` : ""}`;
  else if (/^Invalid (type|key):/.test(issue.message))
    rule = `must be ${article(issue.expected ?? "another value")}, got ${issue.received}`;
  else rule = issue.message;
  return { field, rule: rule + hint(field, issue, input) };
}

/** A note for the two mistakes newcomers make most: another client's parameter shape, a path for bytes. */
function hint(field: string, issue: v.BaseIssue<unknown>, input: unknown): string {
  const params = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  if (field === "repoId" && "repo" in params) {
    const repo = params.repo;
    const suggestion =
      typeof repo === "object" && repo !== null && "name" in repo
        ? `{ repoId: ${JSON.stringify((repo as { name: unknown }).name)}, repoType: ${JSON.stringify((repo as { type?: unknown }).type ?? "model")} }`
        : typeof repo === "string"
          ? fromPrefixedName(repo)
          : '{ repoId: "alice/my-model", repoType: "model" }';
    return ` (the \`repo: { type, name }\` of @huggingface/hub is ${suggestion} here)`;
  }
  if (typeof issue.input === "string" && /must be a Blob/.test(issue.message)) {
    return ` (a string is not file content: for a local file pass \`await fileSource(${JSON.stringify(issue.input)})\` from "@hub/sdk/node" or "@hub/commits/node"; for text, \`new Blob([text])\`)`;
  }
  return "";
}

/** `"datasets/alice/x"` (a @huggingface/hub repo designation) -> `{ repoId: "alice/x", repoType: "dataset" }`. */
function fromPrefixedName(repo: string): string {
  const match = /^(datasets|spaces|models)\/(.+)$/.exec(repo);
  if (!match) return `{ repoId: ${JSON.stringify(repo)} }`;
  return `{ repoId: ${JSON.stringify(match[2])}, repoType: ${JSON.stringify(match[1]!.slice(0, -1))} }`;
}

function article(expected: string): string {
  const type = expected.replace(/^"|"$/g, "");
  if (/^(Object|Array)$/i.test(type)) return `an ${type.toLowerCase()}`;
  return /^[aeiou]/i.test(type) ? `an ${type}` : `a ${type}`;
}
