import { defineConfig, type Options } from "tsup";

const publicEntries = { index: "src/index.ts", "node/index": "src/node/index.ts" };

const shared: Options = {
  format: ["esm"],
  // Both builds write into dist/; the package's build script empties it first (tsup runs the two at once).
  clean: false,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  removeNodeProtocol: false,
};

export default defineConfig([
  // What bundlers and edge runtimes load ("default" condition): the entries re-export the @hub/* packages,
  // so a bundle keeps only the modules an import reaches (each package is `"sideEffects": false`).
  { ...shared, entry: publicEntries, dts: { entry: publicEntries }, external: [/^node:/] },
  // What Node, Bun and Deno load ("node" condition): the leaf packages built into the entries (one shared
  // chunk), so `import("@hub/sdk")` links 3 files of the SDK instead of 11 (Node's ESM loader costs more
  // per module than per byte). @hub/core stays a dependency: its errors, options and state are shared.
  {
    ...shared,
    entry: { index: "src/index.ts", node: "src/node/index.ts" },
    outDir: "dist/bundled",
    dts: false,
    external: [/^node:/, /^@hub\/core(\/|$)/, "fast-glob"],
    noExternal: [/^@hub\/(auth|repos|commits|discussions|spaces|search)(\/|$)/],
  },
]);
