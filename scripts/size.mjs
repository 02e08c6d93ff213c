// Bundle-size check: bundles each snippet of the package's "sizeBudgets" with esbuild for the
// browser (ESM, minified, tree-shaken), fails if a Node built-in is pulled in or a gzip size is
// over its limit, and prints a table.
// usage (from a package directory): node ../../scripts/size.mjs
// package.json: "sizeBudgets": [{ "name": "hubRequest", "code": "export { hubRequest } from \"@hub/core\"", "limit": "7 kB",
//   "forbid": ["@noble/hashes"] }]   (optional "forbid": substrings of input paths that must not be bundled)
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

const packageDirectory = resolve(process.argv[2] ?? process.cwd());
const manifest = JSON.parse(readFileSync(resolve(packageDirectory, "package.json"), "utf8"));
const budgets = manifest.sizeBudgets ?? [];
const builtins = new Set(builtinModules);

/** "7 kB" = 7000 bytes, "7 KiB" = 7168 bytes, a number = bytes. */
function parseLimit(limit) {
  if (typeof limit === "number") return limit;
  const match = /^\s*([\d.]+)\s*(B|kB|KB|KiB|MB|MiB)?\s*$/.exec(String(limit));
  if (!match) throw new Error(`Unreadable size limit: ${limit}`);
  const factor = { B: 1, kB: 1000, KB: 1000, KiB: 1024, MB: 1e6, MiB: 1024 * 1024 }[match[2] ?? "B"];
  return Math.round(Number(match[1]) * factor);
}

function formatBytes(bytes) {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(2)} kB` : `${bytes} B`;
}

/** Marks Node built-ins external and records who imported them. */
function nodeBuiltinsPlugin(found) {
  return {
    name: "node-builtins",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "").split("/")[0];
        if (args.path.startsWith("node:") || builtins.has(args.path) || (builtins.has(bare) && args.path === bare)) {
          found.push(`${args.path} (imported by ${args.importer || "the entry"})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

/**
 * For a built file of ours that holds one npm package's code only (core bundles the valibot
 * functions it uses into a chunk), that package's source path from the source map, so that
 * "forbid" still sees it (e.g. "valibot"). `undefined` for any other file.
 */
function bundledPackagePath(path) {
  if (!/(?:^|\/)dist\//.test(path) || path.includes("node_modules/")) return undefined;
  try {
    const { sources } = JSON.parse(readFileSync(resolve(process.cwd(), `${path}.map`), "utf8"));
    const packages = new Set(sources.map((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(source)?.[1]));
    return packages.size === 1 && !packages.has(undefined) ? sources[0] : undefined;
  } catch {
    return undefined;
  }
}

async function measure(budget) {
  const nodeImports = [];
  const result = await build({
    stdin: { contents: budget.code, resolveDir: packageDirectory, sourcefile: `${budget.name}.mjs`, loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    metafile: true,
    plugins: [nodeBuiltinsPlugin(nodeImports)],
  });
  const code = result.outputFiles[0].contents;
  // Inputs that kept at least one byte after tree-shaking (metafile.inputs lists every file read).
  const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => bundledPackagePath(path) ?? path),
  );
  const forbidden = (budget.forbid ?? []).filter((pattern) => inputs.some((input) => input.includes(pattern)));
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, nodeImports, forbidden };
}

if (budgets.length === 0) {
  console.error(`${manifest.name}: no "sizeBudgets" in package.json`);
  process.exit(1);
}

const rows = [];
let failed = false;
for (const budget of budgets) {
  const limit = parseLimit(budget.limit);
  const { minified, gzip, nodeImports, forbidden } = await measure(budget);
  const problems = [];
  if (forbidden.length > 0) problems.push(`bundles ${forbidden.join(", ")}`);
  if (nodeImports.length > 0) problems.push(`Node built-ins: ${nodeImports.join(", ")}`);
  if (gzip > limit) problems.push(`over by ${formatBytes(gzip - limit)}`);
  failed ||= problems.length > 0;
  rows.push([
    budget.name,
    formatBytes(minified),
    formatBytes(gzip),
    formatBytes(limit),
    problems.length ? `FAIL ${problems.join("; ")}` : "ok",
  ]);
}

const header = ["entry", "minified", "gzip", "limit", "status"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]))
    .join("  ")
    .trimEnd();
console.log(`${manifest.name} bundle sizes (esbuild, browser, ESM, minified)`);
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(row));
process.exit(failed ? 1 : 0);
