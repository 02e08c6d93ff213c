// Every package's main entry bundles for the browser and for workerd with no Node built-in (no
// shims either: esbuild injects none, so a `node:` import would fail to resolve in a browser).
import { build } from "esbuild";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TARGETS } from "../bundle.mjs";

// The umbrella depends on every leaf package, so its folder resolves them all.
const sdkFolder = fileURLToPath(new URL("../node_modules/@hub/sdk/", import.meta.url));
const PACKAGES = ["core", "auth", "repos", "commits", "discussions", "spaces", "search", "sdk"];
const builtins = new Set(builtinModules);

async function nodeImportsOf(code: string, target: keyof typeof TARGETS): Promise<string[]> {
  const found: string[] = [];
  await build({
    stdin: { contents: code, resolveDir: sdkFolder, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    logLevel: "silent",
    ...TARGETS[target],
    plugins: [
      {
        name: "record-node-builtins",
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            if (!args.path.startsWith("node:") && !builtins.has(args.path)) return undefined;
            found.push(`${args.path} (from ${args.importer})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return found;
}

describe("main entries bundle without Node", () => {
  for (const name of PACKAGES) {
    for (const target of ["browser", "worker"] as const) {
      it(`@hub/${name} for ${target}`, async () => {
        expect(await nodeImportsOf(`export * from "@hub/${name}";`, target)).toEqual([]);
      });
    }
  }

  it("the check notices a Node built-in (the ./node entry uses them)", async () => {
    expect((await nodeImportsOf('export * from "@hub/sdk/node";', "browser")).length).toBeGreaterThan(0);
  });
});
