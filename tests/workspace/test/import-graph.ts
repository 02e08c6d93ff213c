import fg from "fast-glob";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** One runtime import of a source file: the module specifier as written. */
export interface RuntimeImport {
  specifier: string;
}

/** Source text without comments, so commented-out imports do not count. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/**
 * The modules a file loads when it runs: static `import`/`export ... from`, side-effect imports and
 * `import("...")`. Type-only imports are left out: `import type`, `export type`, and imports whose
 * every named binding is marked `type` (the bundler drops them).
 */
export function runtimeImports(source: string): string[] {
  const text = stripComments(source);
  const found: string[] = [];
  const fromClause = /(?:^|[;\n}])\s*(import|export)\s+([^;'"`]*?)\s+from\s+["']([^"']+)["']/g;
  for (const match of text.matchAll(fromClause)) {
    const clause = (match[2] ?? "").trim();
    if (/^type\b/.test(clause)) continue;
    const braces = /^\{([\s\S]*)\}$/.exec(clause);
    if (braces) {
      const names = (braces[1] ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean);
      if (names.length > 0 && names.every((name) => /^type\s/.test(name))) continue;
    }
    found.push(match[3] ?? "");
  }
  for (const match of text.matchAll(/(?:^|[;\n])\s*import\s+["']([^"']+)["']/g)) found.push(match[1] ?? "");
  for (const match of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(match[1] ?? "");
  return found;
}

/** Resolves a relative specifier to a source file (`.ts` written out, `.js` standing for `.ts`, or a folder index). */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, base.replace(/\.m?js$/, ".ts"), `${base}.ts`, `${base}.tsx`, join(base, "index.ts")];
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(candidate));
}

/** The runtime import graph of one package's or app's `src`, between its own files (tests left out). */
export function sourceGraph(projectDir: string): Map<string, string[]> {
  const files = fg.sync(["src/**/*.{ts,tsx}"], {
    cwd: projectDir,
    absolute: true,
    ignore: ["src/**/*.test.ts", "src/**/*.test-d.ts", "src/**/*.d.ts"],
  });
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = runtimeImports(readFileSync(file, "utf8"))
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => resolveRelative(file, specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * Every import cycle of a graph, one per strongly connected component, written as a path
 * `a -> b -> ... -> a` relative to `baseDir`.
 */
export function findCycles(graph: Map<string, string[]>, baseDir: string): string[] {
  // Tarjan's strongly connected components, iterative so deep graphs do not overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => describeCycle(graph, new Set(component), baseDir));
}

/** One concrete cycle inside a strongly connected component, found by a breadth-first walk back to its first file. */
function describeCycle(graph: Map<string, string[]>, members: Set<string>, baseDir: string): string {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  let closing: string | undefined;
  while (queue.length > 0 && closing === undefined) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        closing = node;
        break;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  const path = [start];
  for (let node = closing; node !== undefined && node !== start; node = previous.get(node)) path.splice(1, 0, node);
  path.push(start);
  return path.map((file) => relative(baseDir, file)).join(" -> ");
}
