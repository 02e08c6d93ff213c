// Bundle sizes of @hub/sdk beside the official JS client (@huggingface/hub@2.17.5), measured the
// same way as scripts/size.mjs (esbuild, browser platform, ESM, minified, tree-shaken, gzip -9).
// usage: node bench/bundle-size.mjs [--breakdown]   (build the packages first: pnpm build)
// --breakdown lists, per entry, the packages (ours: the @hub package; npm: the dependency) that
// keep the most bytes after tree-shaking, to find out why an entry is big.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const sdkBudgets = JSON.parse(readFileSync(new URL("../packages/sdk/package.json", import.meta.url), "utf8")).sizeBudgets ?? [];
const builtins = new Set(builtinModules);

/** The entries compared: our import and the official client's equivalent. */
export const ENTRIES = [
  { name: "listModels", ours: 'export { listModels } from "@hub/sdk";', official: 'export { listModels } from "@huggingface/hub";' },
  { name: "whoami", ours: 'export { whoami } from "@hub/sdk";', official: 'export { whoAmI } from "@huggingface/hub";' },
  { name: "createRepo", ours: 'export { createRepo } from "@hub/sdk";', official: 'export { createRepo } from "@huggingface/hub";' },
  { name: "downloadFile", ours: 'export { downloadFile } from "@hub/sdk";', official: 'export { downloadFile } from "@huggingface/hub";' },
  { name: "uploadFiles", ours: 'export { uploadFiles } from "@hub/sdk";', official: 'export { uploadFiles } from "@huggingface/hub";' },
  { name: "everything", ours: 'export * from "@hub/sdk";', official: 'export * from "@huggingface/hub";' },
];

/** The npm package a path lies in (`npm:ky`), else the workspace package (`@hub/core`). */
function packageOf(path) {
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (npm) return npm[1].startsWith("@hub/") ? npm[1] : `npm:${npm[1]}`;
  const workspace = /(?:packages|apps)\/([^/]+)\//.exec(path);
  return workspace ? `@hub/${workspace[1]}` : path;
}

/**
 * Which package a bundled input file belongs to (`@hub/core`, `npm:ky`...). A built file of ours
 * whose source map lists only one npm package's sources (core's chunk of the valibot functions it
 * bundles) counts as that package, e.g. `npm:valibot (in @hub/core)`.
 */
function owner(path) {
  const own = packageOf(path);
  if (own.startsWith("npm:") || !path.includes("/dist/")) return own;
  try {
    const sources = JSON.parse(readFileSync(resolvePath(process.cwd(), `${path}.map`), "utf8")).sources.map((source) => packageOf(source));
    if (sources.length > 0 && sources.every((source) => source === sources[0] && source.startsWith("npm:")))
      return `${sources[0]} (in ${own})`;
  } catch {
    // No source map: the file's own package (metafile paths are relative to the working directory).
  }
  return own;
}

/** Bundles `code` like scripts/size.mjs; resolves to sizes, Node built-ins pulled in, bytes per package. */
export async function measure(code) {
  const nodeImports = [];
  let result;
  try {
    result = await build({
      stdin: { contents: code, resolveDir: here, sourcefile: "entry.mjs", loader: "js" },
      bundle: true,
      write: false,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      logLevel: "silent",
      metafile: true,
      plugins: [
        {
          name: "node-builtins",
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /.*/ }, (args) => {
              if (args.path.startsWith("node:") || builtins.has(args.path)) {
                nodeImports.push(args.path);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    });
  } catch (error) {
    return { error: error.errors?.[0]?.text ?? String(error) };
  }
  const bytes = result.outputFiles[0].contents;
  const byOwner = new Map();
  for (const [path, input] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
    byOwner.set(owner(path), (byOwner.get(owner(path)) ?? 0) + input.bytesInOutput);
  }
  const breakdown = [...byOwner].filter(([, size]) => size > 0).sort((a, b) => b[1] - a[1]);
  return { minified: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength, nodeImports, breakdown };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const cell = (measured) =>
  measured.error
    ? "n/a"
    : `${kB(measured.gzip)}${measured.nodeImports.length ? ` (+${[...new Set(measured.nodeImports)].join(",")})` : ""}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const breakdown = process.argv.includes("--breakdown");
  const rows = [];
  const details = [];
  for (const entry of ENTRIES) {
    const [ours, official] = await Promise.all([measure(entry.ours), measure(entry.official)]);
    const found = sdkBudgets.find((candidate) => candidate.name === entry.name);
    const budget = found ? `${found.limit}${found.target ? ` (target ${found.target})` : ""}` : "-";
    const ratio = ours.error || official.error ? "" : `${Math.round((ours.gzip / official.gzip) * 100)}%`;
    rows.push([entry.name, cell(ours), String(budget), cell(official), ratio, ours.error ? `ours: ${ours.error}` : ""]);
    if (breakdown) details.push({ entry, ours, official });
  }
  const header = ["entry", "@hub/sdk gzip", "budget", "@huggingface/hub gzip", "ours/theirs", "note"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((value, column) => value.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  console.log("Bundle sizes (esbuild, browser, ESM, minified, gzip -9), @hub/sdk vs @huggingface/hub@2.17.5");
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
  console.log("(+node:x) = the browser bundle imports that Node built-in (left external, not counted).");
  for (const { entry, ours, official } of details) {
    for (const [who, measured] of [
      ["ours", ours],
      ["official", official],
    ]) {
      if (measured.error) continue;
      const top = measured.breakdown
        .slice(0, 8)
        .map(([name, size]) => `${name} ${(size / 1000).toFixed(1)}k`)
        .join(", ");
      console.log(`${entry.name} (${who}, minified bytes by package): ${top}`);
    }
  }
}
