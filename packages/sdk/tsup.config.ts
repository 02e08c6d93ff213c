import { defineConfig } from "tsup";

const publicEntries = { index: "src/index.ts", "node/index": "src/node/index.ts" };

export default defineConfig({
  // Both environment variants are built; `#environment` stays an import so that the consumer's
  // runtime or bundler picks one through the `imports` conditions of package.json.
  entry: {
    ...publicEntries,
    "environment/web": "src/environment/web.ts",
    "environment/environment.node": "src/environment/environment.node.ts",
  },
  format: ["esm"],
  dts: { entry: publicEntries },
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  external: ["#environment", /^node:/],
  removeNodeProtocol: false,
});
