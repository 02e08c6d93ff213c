// Absolute paths of the pinned runtime binaries installed by this package's dependencies.
// Kept in a package of its own: the `node` package declares a `node` bin, which pnpm would link into
// the test package's node_modules/.bin and so run vitest (and better-sqlite3) on Node 24.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const packageDirectory = (name, from = require) => dirname(from.resolve(`${name}/package.json`));

/** Path of a runtime binary that exists, or undefined. */
function firstExisting(...candidates) {
  return candidates.find((candidate) => candidate !== undefined && existsSync(candidate));
}

/** The Deno binary: copied next to the launcher by its postinstall, else the platform package's. */
function denoBinary() {
  const launcher = packageDirectory("deno");
  let platform;
  try {
    platform = join(packageDirectory("@deno/linux-x64-glibc", createRequire(join(launcher, "package.json"))), "deno");
  } catch {
    platform = undefined;
  }
  return firstExisting(join(launcher, "deno"), platform);
}

/** Paths of the pinned binaries (undefined when one did not install on this platform). */
export function runtimeBinaries() {
  return {
    node22: firstExisting(join(packageDirectory("node22"), "bin", "node")),
    node24: firstExisting(join(packageDirectory("node24"), "bin", "node")),
    bun: firstExisting(join(packageDirectory("bun"), "bin", "bun.exe")),
    deno: denoBinary(),
  };
}
