import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Options } from "tsup";

/**
 * The build every library package shares: ESM with declarations, one bundle per public entry,
 * dependencies left external, and `node:` specifiers kept as written (Deno and bundlers need the
 * prefix to tell a built-in from a package). `__HUB_PACKAGE_VERSION__` is the package's version,
 * a constant in the bundle for the user agent (no package.json read at run time).
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
    define: { __HUB_PACKAGE_VERSION__: JSON.stringify(packageVersion()) },
    ...overrides,
  });
}

/** The version in the package.json of the package being built (tsup runs in its folder). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string }).version;
}
