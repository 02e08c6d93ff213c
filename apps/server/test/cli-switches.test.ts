import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKENS, createSeedFile } from "../src/testing.ts";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
let dataDir: string;
let seedFile: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-cli-switches-"));
  seedFile = await createSeedFile(join(dataDir, "seed.json"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the CLI with extra flags until `stop` resolves; returns its stdout, stderr and exit code. */
function runCli(flags: string[], stop: (url: string) => Promise<void>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--data", join(dataDir, "data"), "--seed", seedFile, ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let started = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match && !started && stdout.includes("\n", match.index)) {
        started = true;
        stop(match[1]!).then(
          () => child.kill("SIGTERM"),
          (error: unknown) => {
            child.kill("SIGTERM");
            reject(error);
          },
        );
      }
    });
    child.once("exit", (code) => resolve({ stdout, stderr, code }));
  });
}

describe("hub-server behaviour flags", () => {
  it("wires faults, rate limit, warnings and disabled repos from the command line", async () => {
    const flags = [
      "--faults",
      "0",
      "--faults-seed",
      "7",
      "--rate-limit",
      "100/5m",
      "--hf-warning",
      "topic; a message",
      "--disabled-repo",
      "alice/off",
      "--max-siblings",
      "3",
      "--signed-url-ttl",
      "5",
      "--max-single-get",
      "10",
      "--multipart-max-age",
      "60",
      "--refuse-token-likes",
      "--no-repo-redirects",
    ];
    const result = await runCli(flags, async (url) => {
      const whoami = await fetch(`${url}/api/whoami-v2`, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } });
      expect(whoami.status).toBe(200);
      expect(whoami.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=100;w=300');
      expect(whoami.headers.get("x-hf-warning")).toBe("topic; a message");
      const create = await fetch(`${url}/api/repos/create`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "off" }),
      });
      expect(create.status).toBe(200);
      expect((await fetch(`${url}/api/models/alice/off`)).status).toBe(403);
      expect(
        (await fetch(`${url}/api/models/alice/off/like`, { method: "POST", headers: { Authorization: `Bearer ${TEST_TOKENS.bob}` } }))
          .status,
      ).toBe(403);
    });
    expect(result.stdout).toContain("injecting faults into 0 of requests (seed 7,");
    expect(result.code).toBe(0);
  });

  it("exits with a clear message on a malformed flag", async () => {
    const result = await runCli(["--rate-limit", "lots"], async () => {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--rate-limit expects N/WINDOW");
  });
});
