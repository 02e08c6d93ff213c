import { describe, expect, it } from "vitest";
import { parse } from "./parse.ts";
import { PathInRepoSchema } from "./path-in-repo-schema.ts";
import { RevisionSchema } from "./revision-schema.ts";

describe("PathInRepoSchema", () => {
  it.each([
    ["README.md", "README.md"],
    ["./data/train.csv", "data/train.csv"],
    ["././a", "a"],
    ["dir/.gitattributes", "dir/.gitattributes"],
    ["a b/ü.txt", "a b/ü.txt"],
    ["n".repeat(255), "n".repeat(255)],
    [`${"d/".repeat(2047)}f`, `${"d/".repeat(2047)}f`],
  ])("accepts %s as %s", (input, output) => {
    expect(parse(PathInRepoSchema, input)).toBe(output);
  });

  it.each([
    ["../etc/passwd", '".." segments'],
    ["a/../b", '".." segments'],
    ["/abs/path", "relative"],
    ["a\\b", "backslash"],
    ["a\0b", "NUL"],
    ["line\nbreak.txt", "control characters"],
    ["carriage\rreturn", "control characters"],
    ["tab\there", "control characters"],
    ["del\u007f", "control characters"],
    ["escape\u001b[31m", "control characters"],
    ["a".repeat(5000), "at most 4096 bytes"],
    [`${"d/".repeat(2048)}f`, "at most 4096 bytes"],
    ["n".repeat(256), "longer than 255 bytes"],
    [`dir/${"é".repeat(128)}`, "longer than 255 bytes"],
    ["a//b", "empty segments"],
    ["dir/", "empty segments"],
    [".git/config", '".git" component'],
    ["sub/.git", '".git" component'],
    ["", "must not be empty"],
    ["./", "must not be empty"],
  ])("rejects %j", (input, rule) => {
    expect(() => parse(PathInRepoSchema, input)).toThrow(rule);
  });
});

describe("RevisionSchema", () => {
  it.each(["main", "refs/pr/1", "v1.0", "a".repeat(40)])("accepts %s", (revision) => {
    expect(parse(RevisionSchema, revision)).toBe(revision);
  });
  it.each(["", "has space", "tab\t", "a".repeat(257)])("rejects %j", (revision) => {
    expect(() => parse(RevisionSchema, revision)).toThrow(/^Invalid parameters?: |^Invalid /);
  });
});
