// Bundles the worker like wrangler does (esbuild, ESM, neutral platform, worker/browser
// conditions, minified) into dist/worker.js and prints its size. Fails on any Node built-in.
// usage: node bundle.mjs [--print]
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Bundles worker.ts; resolves to { code, gzip, inputs } (inputs: files that kept bytes). */
export async function bundleWorker() {
  const result = await build({
    entryPoints: [`${here}/worker.ts`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    minify: true,
    metafile: true,
    logLevel: "silent",
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
  const code = result.outputFiles[0].text;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { code, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { code, gzip } = await bundleWorker();
  mkdirSync(`${here}/dist`, { recursive: true });
  writeFileSync(`${here}/dist/worker.js`, code);
  console.log(`dist/worker.js: ${(code.length / 1000).toFixed(1)} kB minified, ${(gzip / 1000).toFixed(2)} kB gzip`);
}
