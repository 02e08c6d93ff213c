import { describe, expect, it } from "vitest";
import { findCycles, runtimeImports } from "./import-graph.ts";

describe("runtimeImports", () => {
  it("keeps value imports, re-exports, side-effect and dynamic imports", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import b, { type B } from "./b.ts";',
      'import * as c from "./c.ts";',
      'export { d } from "./d.ts";',
      'export * from "./e.ts";',
      'import "./f.ts";',
      'const g = await import("./g.ts");',
      'import {\n  h,\n  type H,\n} from "./h.ts";',
    ].join("\n");
    expect(runtimeImports(source)).toEqual(["./a.ts", "./b.ts", "./c.ts", "./d.ts", "./e.ts", "./h.ts", "./f.ts", "./g.ts"]);
  });

  it("leaves out type-only imports and commented-out ones", () => {
    const source = [
      'import type { A } from "./a.ts";',
      'export type { B } from "./b.ts";',
      'import { type C, type D } from "./c.ts";',
      '// import { e } from "./e.ts";',
      '/* import { f } from "./f.ts"; */',
      'const url = "https://example.com"; // import { g } from "./g.ts";',
    ].join("\n");
    expect(runtimeImports(source)).toEqual([]);
  });
});

describe("findCycles", () => {
  const graph = (edges: Record<string, string[]>) =>
    new Map(Object.entries(edges).map(([from, to]) => [`/p/${from}`, to.map((name) => `/p/${name}`)]));

  it("finds nothing in a graph without cycles", () => {
    expect(findCycles(graph({ a: ["b", "c"], b: ["c"], c: [] }), "/p")).toEqual([]);
  });

  it("names one path through each cycle", () => {
    const cycles = findCycles(
      graph({ database: ["migrations"], migrations: ["search"], search: ["repos"], repos: ["database"], x: ["x"], y: [] }),
      "/p",
    );
    expect(cycles.sort()).toEqual(["database -> migrations -> search -> repos -> database", "x -> x"]);
  });
});
