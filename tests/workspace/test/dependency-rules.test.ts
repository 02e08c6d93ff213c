import fg from "fast-glob";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, runtimeImports, sourceGraph } from "./import-graph.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const LEAVES = ["auth", "repos", "commits", "discussions", "spaces", "search"];
const PROJECTS = fg.sync(["packages/*", "apps/*"], { cwd: root, onlyDirectories: true }).sort();

/** Raw sockets and threads: the packages reach the network through fetch (and core's dispatcher) only, and run no threads. */
const LOW_LEVEL_MODULES = /^(node:)?(net|worker_threads)$/;

/**
 * Shipped package files allowed to load a LOW_LEVEL_MODULES module, as "packages/<pkg>/src/<file>".
 * This list should only shrink: an entry needs a reason written beside it. Empty since
 * packages/repos/src/node dropped its raw-socket range reader and its writer/hasher threads.
 */
const LOW_LEVEL_EXCEPTIONS: string[] = [];

interface PackageJson {
  name: string;
  sideEffects?: boolean;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as PackageJson;
}

/** Files reachable from a package's main entry: every src file outside src/node, tests and testing helpers. */
/** Source files that a `#import` of the package maps to only under the `node` condition (its Node variant). */
function nodeVariantSources(dir: string): string[] {
  const imports = (readPackage(dir) as { imports?: Record<string, { "@hub/source"?: Record<string, string> }> }).imports ?? {};
  return Object.values(imports).flatMap((conditions) => {
    const source = conditions["@hub/source"];
    if (!source?.node || source.node === source.default) return [];
    return [source.node.replace(/^\.\//, "")];
  });
}

function mainEntrySources(dir: string): string[] {
  return fg.sync(["src/**/*.ts"], {
    cwd: join(root, dir),
    ignore: ["src/node/**", "src/**/*.node.ts", "src/**/*.test.ts", "src/testing/**", ...nodeVariantSources(dir)],
  });
}

describe("workspace dependency rules", () => {
  it.each(LEAVES)("@hub/%s depends on @hub/core and no other workspace package", (leaf) => {
    const pkg = readPackage(`packages/${leaf}`);
    const workspaceDeps = Object.entries(pkg.dependencies ?? {}).filter(
      ([name, version]) => name.startsWith("@hub/") || version.startsWith("workspace:"),
    );
    expect(workspaceDeps.map(([name]) => name)).toEqual(["@hub/core"]);
  });

  it("@hub/core depends on no workspace package", () => {
    const pkg = readPackage("packages/core");
    const workspaceDeps = Object.keys(pkg.dependencies ?? {}).filter((name) => name.startsWith("@hub/"));
    expect(workspaceDeps).toEqual([]);
  });

  it("no package depends on an app", () => {
    const apps = fg.sync(["apps/*/package.json"], { cwd: root }).map((file) => readPackage(dirname(file)).name);
    for (const dir of fg.sync(["packages/*"], { cwd: root, onlyDirectories: true })) {
      const deps = Object.keys(readPackage(dir).dependencies ?? {});
      expect(
        deps.filter((name) => apps.includes(name)),
        dir,
      ).toEqual([]);
    }
  });

  it("every package is side-effect free", () => {
    for (const dir of fg.sync(["packages/*"], { cwd: root, onlyDirectories: true })) {
      expect(readPackage(dir).sideEffects, dir).toBe(false);
    }
  });

  it.each(["core", ...LEAVES, "sdk"])("the main entry of @hub/%s imports no node:* module and uses no process or Buffer", (name) => {
    const offenders: string[] = [];
    for (const file of mainEntrySources(`packages/${name}`)) {
      const source = readFileSync(join(root, "packages", name, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      if (/from\s+["']node:|import\(\s*["']node:|require\(\s*["']node:/.test(source)) offenders.push(`${file}: node:* import`);
      if (/\bprocess\.|\bBuffer\./.test(source)) offenders.push(`${file}: process/Buffer`);
    }
    expect(offenders).toEqual([]);
  });

  it.each(PROJECTS)("%s has no runtime import cycle between its src files", (dir) => {
    const graph = sourceGraph(join(root, dir));
    expect(graph.size, `${dir} has source files`).toBeGreaterThan(0);
    expect(findCycles(graph, join(root, dir))).toEqual([]);
  });

  it("no shipped file of packages/* loads node:net or node:worker_threads outside the exceptions", () => {
    const offenders: string[] = [];
    const files = fg.sync(["packages/*/src/**/*.{ts,tsx}"], { cwd: root, ignore: ["**/*.test.ts", "**/*.test-d.ts", "**/testing/**"] });
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      // `require(...)` also catches worker sources embedded as strings, which load their modules at run time.
      const required = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] ?? "");
      const used = [...runtimeImports(source), ...required].filter((specifier) => LOW_LEVEL_MODULES.test(specifier));
      if (used.length > 0 && !LOW_LEVEL_EXCEPTIONS.includes(file)) offenders.push(`${file}: ${[...new Set(used)].join(", ")}`);
    }
    expect(offenders).toEqual([]);
  });

  it('every name imported from "@hub/core" is one of its public exports (builders live in @hub/core/internal)', () => {
    const publicNames = exportedNames(readFileSync(join(root, "packages/core/src/index.ts"), "utf8"));
    const internalNames = exportedNames(readFileSync(join(root, "packages/core/src/internal/index.ts"), "utf8"));
    expect(publicNames.size).toBeGreaterThan(20);
    expect([...publicNames].filter((name) => internalNames.has(name))).toEqual([]);
    const offenders: string[] = [];
    const files = fg.sync(
      ["packages/*/src/**/*.{ts,mts}", "apps/*/{src,test}/**/*.{ts,mts,mjs}", "tests/**/*.{ts,mjs}", "bench/*.mjs", "scripts/*.mjs"],
      {
        cwd: root,
        ignore: ["**/node_modules/**", "**/dist/**", "packages/core/src/**"],
      },
    );
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      for (const match of source.matchAll(/\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']@hub\/core["']/g)) {
        for (const name of namesOf(match[1] ?? "")) if (!publicNames.has(name)) offenders.push(`${file}: ${name}`);
      }
      if (/import\s+\*\s+as\s+\w+\s+from\s*["']@hub\/core\/internal["']/.test(source))
        offenders.push(`${file}: import * from @hub/core/internal`);
    }
    expect(offenders).toEqual([]);
  });

  it("no public entry of a package re-exports @hub/core/internal, and only @hub/* packages import it", () => {
    const reexports = fg
      .sync(["packages/*/src/index.ts", "packages/*/src/node/index.ts"], { cwd: root, ignore: ["packages/core/**"] })
      .filter((file) => /export\s[^;]*from\s*["']@hub\/core\/internal["']/.test(readFileSync(join(root, file), "utf8")));
    expect(reexports).toEqual([]);
    const outside = fg
      .sync(["apps/*/src/**/*.{ts,mts,mjs}", "tests/*/fixtures/**/*.{ts,mjs}"], { cwd: root, ignore: ["**/node_modules/**"] })
      .filter((file) => /["']@hub\/core\/internal["']/.test(readFileSync(join(root, file), "utf8")));
    expect(outside).toEqual([]);
  });

  it("packages build their schemas with @hub/core/internal/valibot (one bundled copy), never valibot itself, and it has every function they use", () => {
    const files = fg.sync(["packages/*/src/**/*.{ts,mts}"], { cwd: root, ignore: ["packages/core/**", "**/*.test.ts", "**/*.test-d.ts"] });
    const provided = exportedNames(readFileSync(join(root, "packages/core/src/internal/valibot.ts"), "utf8"));
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      if (/from\s*["']valibot["']/.test(source)) offenders.push(`${file}: imports valibot`);
      const alias = /import\s+\*\s+as\s+(\w+)\s+from\s*["']@hub\/core\/internal\/valibot["']/.exec(source)?.[1];
      if (alias === undefined) continue;
      for (const match of source.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, "g")))
        if (!provided.has(match[1] ?? "")) offenders.push(`${file}: ${alias}.${match[1]} is not exported by @hub/core/internal/valibot`);
    }
    expect(offenders).toEqual([]);
  });
});

/** The names listed by `export { ... }` / `export type { ... }` statements of an index file. */
function exportedNames(source: string): Set<string> {
  return new Set([...source.matchAll(/\bexport\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((match) => namesOf(match[1] ?? "")));
}

/** `a, type B, c as d` -> ["a", "B", "c"] (the imported names, before any renaming). */
function namesOf(list: string): string[] {
  return list
    .split(",")
    .map(
      (item) =>
        item
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0]
          ?.trim() ?? "",
    )
    .filter((name) => name !== "");
}
