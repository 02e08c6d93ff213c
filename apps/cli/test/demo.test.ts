import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DEMO = resolve(fileURLToPath(new URL("../../../scripts/demo.mjs", import.meta.url)));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function demoEnvironment(): NodeJS.ProcessEnv {
  const { HF_TOKEN: _token, HF_ENDPOINT: _endpoint, ...rest } = process.env;
  return { ...rest, FORCE_COLOR: "0" };
}

describe("the demo (scripts/demo.mjs)", () => {
  it("runs every step end to end and exits 0 with a summary table", { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, [DEMO], { env: demoEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.once("close", done));
    expect({ code, stderr: code === 0 ? "" : stderr, tail: code === 0 ? "" : stdout.slice(-2000) }).toEqual({
      code: 0,
      stderr: "",
      tail: "",
    });
    for (const step of [
      "Log in",
      "Create a model repo",
      "Upload a folder with a 50 MB LFS file",
      "Open a pull request",
      "Comment on the pull request",
      "Merge the pull request",
      "Tag a release",
      "Search for the model",
      "Download a snapshot",
    ]) {
      expect(stdout).toMatch(new RegExp(`^${step}.*\\s+ok\\s+\\d+\\.\\d\\d$`, "m"));
    }
    expect(stdout).toMatch(/^total\s+\d+\.\d\d$/m);
    expect(stdout).toContain("4 files verified");
    expect(stdout).not.toContain("FAILED");
    const pid = Number(/\(pid (\d+),/.exec(stdout)?.[1]);
    expect(isAlive(pid)).toBe(false);
  });

  it("on SIGINT stops the server, removes its temporary data and exits 130", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [DEMO], { env: demoEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const started = new Promise<{ pid: number; dataDir: string }>((done) => {
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = /\(pid (\d+), temporary data in (\S+)\)/.exec(stdout);
        if (match) done({ pid: Number(match[1]), dataDir: match[2]! });
      });
    });
    const exited = new Promise<number | null>((done) => child.once("close", done));
    const { pid, dataDir } = await started;
    expect(isAlive(pid)).toBe(true);
    expect(existsSync(dataDir)).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });
});
