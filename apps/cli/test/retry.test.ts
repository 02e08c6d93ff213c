import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let refusingUrl: string;
beforeAll(async () => {
  fixture = await startCliFixture();
  refusingUrl = await closedPortUrl();
});
afterAll(async () => fixture?.close());

/** A loopback URL whose port was just free: connections to it are refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Spawns the CLI (directly, or inside a pseudo-terminal with util-linux `script`) and stops it once
 * `until` matches what it printed on stderr (or the terminal), so the test waits for an event, not a time.
 */
function runUntil(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  until: RegExp,
): Promise<{ stdout: string; stderr: string; matched: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let matched = false;
    const check = () => {
      if (!matched && until.test(stderr + (command === "script" ? stdout : ""))) {
        matched = true;
        process.kill(-child.pid!, "SIGKILL");
      }
    };
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      check();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      check();
    });
    child.once("error", reject);
    child.once("close", () => resolvePromise({ stdout, stderr, matched }));
  });
}

describe("retries are shown, on stderr only", () => {
  it("a refused connection prints 'Connection refused by URL, retrying' lines on stderr, nothing on stdout (--json)", async () => {
    const run = await runUntil(
      process.execPath,
      [CLI_PATH, "repo", "info", "alice/x", "--json"],
      { ...fixture.env, HF_ENDPOINT: refusingUrl },
      /attempt 3 of 5\)\.\.\.\n/,
    );
    expect(run.matched).toBe(true);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      new RegExp(`^Connection refused by ${refusingUrl.replace(/\./g, "\\.")}, retrying in \\d+s \\(attempt 2 of 5\\)\\.\\.\\.$`),
    );
    expect(lines[1]).toMatch(/^Connection refused by .*, retrying in \d+s \(attempt 3 of 5\)\.\.\.$/);
  });

  it("on a terminal the retries of a request update one status line", async () => {
    const command = [process.execPath, CLI_PATH, "repo", "info", "alice/x"].map((part) => `'${part}'`).join(" ");
    const run = await runUntil(
      "script",
      ["-qfec", command, "/dev/null"],
      { ...fixture.env, HF_ENDPOINT: refusingUrl },
      /attempt 3 of 5\)\.\.\./,
    );
    expect(run.matched).toBe(true);
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/\r\x1b\[KConnection refused by http:\/\/127\.0\.0\.1:\d+, retrying in \d+s \(attempt 2 of 5\)\.\.\.\r?\n/);
    // The second retry moves up to the first one's line and rewrites it.
    expect(output).toMatch(/\x1b\[1A\r\x1b\[KConnection refused by .*\(attempt 3 of 5\)\.\.\./);
  });

  it("a request that succeeds at once prints no retry line", async () => {
    const run = await fixture.hub(["auth", "whoami"], { env: { HF_TOKEN: fixture.server.tokens.alice } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("retrying");
  });
});
