import { defineConfig } from "tsup";

const publicEntries = { index: "src/index.ts", "node/index": "src/node/index.ts" };

export default defineConfig({
  entry: publicEntries,
  format: ["esm"],
  dts: { entry: publicEntries },
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  removeNodeProtocol: false,
});
