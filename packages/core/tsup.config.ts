import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

const publicEntries = {
  index: "src/index.ts",
  "internal/index": "src/internal/index.ts",
  "internal/valibot": "src/internal/valibot.ts",
  "testing/index": "src/testing/index.ts",
  "node/index": "src/node/index.ts",
  "xet/index": "src/xet/index.ts",
};

export default defineConfig({
  // The two SHA-256 variants and the two `#runtime` variants (environment and default dispatcher) are built
  // side by side; `#sha256` and `#runtime` stay imports so that the consumer's runtime or bundler picks one
  // through the `imports` conditions of package.json.
  entry: {
    ...publicEntries,
    "hashing/sha256-node": "src/hashing/sha256-node.ts",
    "hashing/sha256-web": "src/hashing/sha256-web.ts",
    "runtime/runtime-node": "src/runtime/runtime-node.ts",
    "runtime/runtime-web": "src/runtime/runtime-web.ts",
  },
  format: ["esm"],
  dts: { entry: publicEntries },
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  external: ["#sha256", "#runtime", "undici", /^node:/],
  // valibot is bundled: only the functions core and the packages use (`./internal/valibot`), instead of
  // Node compiling valibot's whole module on every `import("@hub/sdk")`. Its declarations stay imports.
  noExternal: ["valibot"],
  removeNodeProtocol: false,
  define: { __HUB_CORE_VERSION__: JSON.stringify(version) },
});
