import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@hub/server/testing";

/** The built CLI entry (tests run against `dist`, like users do). */
export const CLI_PATH = resolve(fileURLToPath(new URL("../dist/cli.js", import.meta.url)));

/** What a CLI run printed and how it ended. */
export interface HubRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A test server plus a private HF_HOME, and a `hub` runner bound to both. */
export interface CliFixture {
  server: TestServer;
  home: string;
  /** Environment of the CLI: `HF_ENDPOINT` = the server, `HF_HOME` = a temp folder, no token variables. */
  env: NodeJS.ProcessEnv;
  /** Runs `hub ...args` as a child process (async: the server lives in this process). */
  hub(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string }): Promise<HubRun>;
  /** Runs `hub ...args --json` (the flag is added), expects exit 0 and parses stdout. */
  json<T = any>(args: readonly string[], options?: { env?: NodeJS.ProcessEnv }): Promise<T>;
  close(): Promise<void>;
}

/** Spawns `node dist/cli.js ...args` and collects its output. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, options: { input?: string; cwd?: string } = {}): Promise<HubRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Starts a test server and a temp HF_HOME; `close()` removes both. */
export async function startCliFixture(): Promise<CliFixture> {
  const server = await startTestServer();
  const home = await mkdtemp(join(tmpdir(), "hub-cli-test-"));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, HF_HOME: join(home, "hf"), HF_ENDPOINT: server.url, NO_COLOR: "1" };
  const hub = (args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) =>
    runCli(args, { ...env, ...options.env }, options);
  return {
    server,
    home,
    env,
    hub,
    async json(args, options) {
      const run = await hub([...args, "--json"], options);
      if (run.code !== 0) throw new Error(`hub ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
      return JSON.parse(run.stdout);
    },
    async close() {
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Commits small files with a raw NDJSON request (a fixture helper independent of the CLI). */
export async function commitFiles(
  fixture: CliFixture,
  token: string,
  repoId: string,
  files: Record<string, string>,
  revision = "main",
): Promise<void> {
  const lines = [
    { key: "header", value: { summary: `Write ${Object.keys(files).join(", ")}`, description: "" } },
    ...Object.entries(files).map(([path, content]) => ({
      key: "file",
      value: { path, encoding: "base64", content: Buffer.from(content).toString("base64") },
    })),
  ];
  const response = await fetch(`${fixture.server.url}/api/models/${repoId}/commit/${encodeURIComponent(revision)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
    body: lines.map((line) => JSON.stringify(line)).join("\n"),
  });
  if (!response.ok) throw new Error(`commit failed: ${response.status} ${await response.text()}`);
}

/** Commits one small file (see `commitFiles`). */
export async function commitFile(
  fixture: CliFixture,
  token: string,
  repoId: string,
  path: string,
  content: string,
  revision = "main",
): Promise<void> {
  await commitFiles(fixture, token, repoId, { [path]: content }, revision);
}
