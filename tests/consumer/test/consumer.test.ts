// The user's front door, tested as a user would take it: pack every publishable package with
// `pnpm pack` (scripts/pack.mjs), install the tarballs with npm into a fresh project outside the
// monorepo, then run an ESM script, a CommonJS script, and `tsc --strict` under the three
// module resolutions against the real local server over loopback HTTP.
import { startTestServer, type TestServer } from "@hub/server/testing";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const LIBRARIES = ["core", "auth", "repos", "commits", "discussions", "spaces", "search", "sdk"];

let project: string;
let server: TestServer;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "hub-consumer-"));
  const packs = join(project, "packs");
  const app = join(project, "app");
  await run(process.execPath, [join(root, "scripts/pack.mjs"), packs], { cwd: root });
  cpSync(join(here, "../fixtures"), app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer-app", version: "1.0.0", private: true }));
  const tarballs = LIBRARIES.map((name) => join(packs, `hub-${name}-0.1.0.tgz`));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs], { cwd: app });
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

function appDir(): string {
  return join(project, "app");
}

async function runScript(file: string, repoId: string): Promise<Record<string, unknown>> {
  const cacheDir = mkdtempSync(join(project, "cache-"));
  const { stdout } = await run(process.execPath, [file], {
    cwd: appDir(),
    env: {
      PATH: process.env.PATH,
      HOME: project,
      HUB_URL: server.url,
      HUB_TOKEN: server.tokens.alice,
      REPO_ID: repoId,
      CACHE_DIR: cacheDir,
    },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

describe("the packed tarballs", () => {
  it("carry no workspace: ranges, private conditions or files outside what they ship", () => {
    const installed = join(appDir(), "node_modules/@hub");
    expect(readdirSync(installed).sort()).toEqual([...LIBRARIES].sort());
    for (const name of LIBRARIES) {
      const text = readFileSync(join(installed, name, "package.json"), "utf8");
      expect(text, name).not.toContain("workspace:");
      expect(text, name).not.toContain("@hub/source");
      expect(text, name).not.toMatch(/"\.\/src\//);
      const manifest = JSON.parse(text) as { license: string; repository: unknown; files: string[] };
      expect(manifest.license).toBe("MIT");
      expect(manifest.repository).toBeDefined();
      expect(readFileSync(join(installed, name, "LICENSE"), "utf8")).toContain("MIT License");
    }
  });
});

describe("a fresh project that installed the tarballs with npm", () => {
  it("runs an ESM script: HubApi, a standalone import, @hub/sdk/node, typed errors", async () => {
    const result = await runScript("esm.mjs", "alice/consumer-esm");
    expect(result).toEqual({
      user: "alice",
      files: [".gitattributes", "hello.txt"],
      text: "hello from ESM\n",
      missing: "EntryNotFoundError",
    });
  });

  it("runs a CommonJS script with require()", async () => {
    const result = await runScript("cjs.cjs", "alice/consumer-cjs");
    expect(result).toEqual({ text: "hello from CommonJS\n", missing: "RepositoryNotFoundError" });
  });

  // Our declaration files are checked in full once (nodenext, skipLibCheck off); the other two
  // modes check that every import resolves to typed code (skipLibCheck keeps each run short).
  it.each([
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext", skipLibCheck: false }],
    ["bundler", { module: "esnext", moduleResolution: "bundler", skipLibCheck: true }],
    ["node10", { module: "commonjs", moduleResolution: "node10", skipLibCheck: true }],
  ])("type-checks with tsc --strict under %s resolution", async (name, resolution) => {
    const config = {
      compilerOptions: {
        ...resolution,
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        noEmit: true,
        skipDefaultLibCheck: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
      },
      files: ["types.ts"],
    };
    writeFileSync(join(appDir(), `tsconfig.${name}.json`), JSON.stringify(config));
    const outcome = await run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: appDir() }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(outcome).toBe("");
  });
});
