import { defineConfig, type Options } from "tsup";

/**
 * The build every library package shares: ESM with declarations, one bundle per public entry,
 * dependencies left external, and `node:` specifiers kept as written (Deno and bundlers need the
 * prefix to tell a built-in from a package).
 */
export function libraryBuild(entry: Options["entry"], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    external: [/^node:/],
    removeNodeProtocol: false,
    ...overrides,
  });
}
