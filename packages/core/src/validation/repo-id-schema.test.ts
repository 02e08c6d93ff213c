import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { HubValidationError } from "../errors/hub-validation-error.ts";
import { parse } from "./parse.ts";
import { RepoIdSchema } from "./repo-id-schema.ts";

describe("RepoIdSchema (protocol 3.1)", () => {
  it.each(["foo", "foo/bar", "123", "Foo-BAR_foo.bar123", "a", `ns/${"a".repeat(96)}`, "bigscience/P3"])("accepts %s", (id) => {
    expect(parse(RepoIdSchema, id)).toBe(id);
  });

  it.each([
    ["datasets/foo/bar", 'must contain at most one "/"'],
    [".repo_id", "each part starting and ending"],
    ["foo--bar", 'must not contain "--" or ".."'],
    ["foo.git", 'must not end with ".git"'],
    ["other..repo..id", 'must not contain "--" or ".."'],
    ["a".repeat(97), "name 1-96 characters"],
    ["-foo", "each part starting and ending"],
    ["foo/", "each part starting and ending"],
    ["", "each part starting and ending"],
    ["foo bar", "letters, digits"],
  ])("rejects %s", (id, rule) => {
    const error = (() => {
      try {
        parse(v.object({ repoId: RepoIdSchema }), { repoId: id });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HubValidationError);
    expect((error as HubValidationError).field).toBe("repoId");
    expect((error as HubValidationError).message).toContain(rule);
    expect((error as HubValidationError).message).toMatch(/^Invalid repoId: /);
  });
});
