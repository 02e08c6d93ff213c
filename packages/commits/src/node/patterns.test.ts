import { describe, expect, it } from "vitest";
import { anyPattern, pathFilter, patternToRegExp } from "./patterns.ts";

describe("fnmatch patterns", () => {
  it("lets * cross folders, ? match one character and sets match characters", () => {
    expect(patternToRegExp("*.txt").test("logs/deep/a.txt")).toBe(true);
    expect(patternToRegExp("a?.bin").test("ab.bin")).toBe(true);
    expect(patternToRegExp("a?.bin").test("a.bin")).toBe(false);
    expect(patternToRegExp("[ab].md").test("b.md")).toBe(true);
    expect(patternToRegExp("[!ab].md").test("b.md")).toBe(false);
    expect(patternToRegExp("file(1).txt").test("file(1).txt")).toBe(true);
    expect(patternToRegExp("a.txt").test("abtxt")).toBe(false);
  });

  it("treats a trailing / as everything under the folder", () => {
    expect(patternToRegExp("logs/").test("logs/a/b.txt")).toBe(true);
    expect(patternToRegExp("logs/").test("logsx/a")).toBe(false);
  });

  it("keeps paths matching an allow pattern and no ignore pattern", () => {
    const keep = pathFilter(["*.json", "*.txt"], "tmp/");
    expect(["a.json", "tmp/b.txt", "c.bin", "d/e.txt"].filter(keep)).toEqual(["a.json", "d/e.txt"]);
    expect(pathFilter(undefined, undefined)("anything")).toBe(true);
    expect(anyPattern(undefined)("x")).toBe(false);
  });
});
