// Import cost on Node: how long `await import(X)` takes in a fresh process, for @hub/core,
// @hub/sdk, @hub/sdk/node and the official JS client (@huggingface/hub@2.17.5).
// Each module is imported in its own child process (so nothing is cached), several times; the
// time is measured inside the child around the dynamic import alone (Node's own start-up is not
// counted), and the median is printed, with its ratio to the official client's (the ratio holds up
// better than absolute times on a loaded machine).
// usage: node bench/import-time.mjs [--runs 11]   (build the packages first: pnpm build)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 11;

/** Module specifiers compared, resolved from bench/ (its package.json lists them all). */
export const MODULES = ["@hub/core", "@hub/sdk", "@hub/sdk/node", "@huggingface/hub"];

const CHILD = `
const start = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - start));
`;

/** Milliseconds one fresh process spends in `await import(specifier)`. */
function importOnce(specifier) {
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", CHILD, specifier], { cwd: here, encoding: "utf8" });
  return Number(output);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`import() time in a fresh Node ${process.version} process, median of ${runs} runs (min-max)`);
  for (const specifier of MODULES) importOnce(specifier); // warm the OS file cache
  // Round-robin: on a shared machine a busy moment then costs every module alike, not one of them.
  const times = new Map(MODULES.map((specifier) => [specifier, []]));
  for (let run = 0; run < runs; run++) for (const specifier of MODULES) times.get(specifier).push(importOnce(specifier));
  const official = median(times.get("@huggingface/hub"));
  const format = (ms) => ms.toFixed(1);
  for (const [specifier, values] of times) {
    const middle = median(values);
    console.log(
      `${specifier.padEnd(18)} ${format(middle).padStart(6)} ms  (${format(Math.min(...values))}-${format(Math.max(...values))})  ${((middle / official) * 100).toFixed(0).padStart(4)}% of the official client`,
    );
  }
}
