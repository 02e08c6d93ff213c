// Bundles a matrix entry with the SDK for a non-Node runtime with esbuild (ESM, one file). Fails if
// a Node built-in would be pulled in: the SDK's main entries must run on web APIs alone.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** esbuild settings of each target: workerd (neutral platform) and the browser. @type {{ worker: import("esbuild").BuildOptions, browser: import("esbuild").BuildOptions }} */
export const TARGETS = {
  worker: { platform: "neutral", conditions: ["worker", "browser"], mainFields: ["module", "main"] },
  browser: { platform: "browser" },
};

/** Bundles `entry` (relative to this folder) for `target`; resolves to the code as a string. */
export async function bundleEntry(entry, target) {
  const result = await build({
    entryPoints: [`${here}/${entry}`],
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    logLevel: "silent",
    ...TARGETS[target],
    plugins: [
      {
        name: "no-node-builtins",
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({
            errors: [{ text: `Node built-in ${args.path} imported by ${args.importer}` }],
          }));
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}
