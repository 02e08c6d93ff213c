import { describe, expect, it } from "vitest";
import { createPathFilter, fnmatchToRegExp } from "./filter-paths.ts";

describe("fnmatchToRegExp (Python fnmatch semantics)", () => {
  it.each([
    ["*.json", "config.json", true],
    ["*.json", "sub/dir/config.json", true],
    ["sub/*", "sub/a/b.txt", true],
    ["?.txt", "a.txt", true],
    ["?.txt", "ab.txt", false],
    ["[ab].txt", "b.txt", true],
    ["[!ab].txt", "b.txt", false],
    ["[!ab].txt", "c.txt", true],
    ["[.txt", "[.txt", true],
    ["a.b", "axb", false],
    ["*.JSON", "config.json", false],
    ["data/(x)+.csv", "data/(x)+.csv", true],
  ])("%s vs %s", (pattern, path, expected) => {
    expect(fnmatchToRegExp(pattern).test(path)).toBe(expected);
  });
});

describe("createPathFilter", () => {
  it("keeps allowed paths minus ignored ones, and a trailing / means the folder", () => {
    const filter = createPathFilter(["*.json", "weights/"], "*/private.json");
    expect(["a.json", "x/private.json", "weights/w.bin", "b.bin"].filter(filter)).toEqual(["a.json", "weights/w.bin"]);
    expect(["a", "b/c"].filter(createPathFilter())).toEqual(["a", "b/c"]);
    expect(["a.bin", "b.txt"].filter(createPathFilter(undefined, "*.bin"))).toEqual(["b.txt"]);
  });
});
