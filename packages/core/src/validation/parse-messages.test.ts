import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { HubValidationError } from "../errors/hub-validation-error.ts";
import { RepoParamsEntries } from "./hub-options-schema.ts";
import { parse } from "./parse.ts";

const RepoSchema = v.object({ ...RepoParamsEntries, path: v.string("must be a string") });
const ContentLike = v.object({ file: v.custom<Blob>((value) => value instanceof Blob, "must be a Blob, a Uint8Array or a stream") });

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HubValidationError);
    return (error as Error).message;
  }
  throw new Error("no error thrown");
}

describe("validation messages in plain words", () => {
  it("a missing field says it is required, with an example", () => {
    expect(messageOf(() => parse(RepoSchema, { path: "a" }))).toBe('repoId is required, e.g. "alice/my-model"');
    expect(messageOf(() => parse(RepoSchema, { repoId: "alice/x" }))).toBe('path is required, e.g. "config.json"');
  });

  it("no params at all asks for one object", () => {
    expect(messageOf(() => parse(RepoSchema, undefined))).toBe(
      'parameters are required: pass one object, e.g. { repoId: "alice/my-model" }',
    );
  });

  it("the @huggingface/hub shape `repo: { type, name }` gets the equivalent params", () => {
    expect(messageOf(() => parse(RepoSchema, { repo: { type: "dataset", name: "alice/data" }, path: "a" }))).toBe(
      'repoId is required, e.g. "alice/my-model" (the `repo: { type, name }` of @huggingface/hub is { repoId: "alice/data", repoType: "dataset" } here)',
    );
    expect(messageOf(() => parse(RepoSchema, { repo: "spaces/alice/app", path: "a" }))).toContain(
      'is { repoId: "alice/app", repoType: "space" } here',
    );
  });

  it("a path string where bytes are expected points at fileSource(path)", () => {
    const message = messageOf(() => parse(ContentLike, { file: "./weights.bin" }));
    expect(message).toMatch(/^Invalid file: must be a Blob/);
    expect(message).toContain('`await fileSource("./weights.bin")` from "@hub/sdk/node"');
  });

  it("a wrong type names the expected and the received type, not valibot's wording", () => {
    const message = messageOf(() => parse(v.object({ limit: v.number() }), { limit: "10" }));
    expect(message).toBe('Invalid limit: must be a number, got "10"');
    expect(message).not.toContain("Invalid type");
  });

  it("several issues are listed in one line", () => {
    expect(messageOf(() => parse(RepoSchema, {}))).toBe(
      'Invalid parameters: repoId is required, e.g. "alice/my-model"; path is required, e.g. "config.json"',
    );
  });
});
