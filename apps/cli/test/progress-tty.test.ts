import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await startCliFixture();
  await fixture.hub(["repo", "create", "alice/tty"], { env: { HF_TOKEN: fixture.server.tokens.alice } });
});
afterAll(async () => fixture?.close());

const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** Runs the CLI inside a pseudo-terminal with util-linux `script`, returning everything the terminal saw. */
function inTerminal(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI_PATH, ...args].map(quote).join(" ");
  return new Promise((resolvePromise, reject) => {
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...env, COLUMNS: "120" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, output }));
  });
}

describe("progress bars on a terminal", () => {
  it("HF_HUB_DISABLE_PROGRESS_BARS=1 hides the bars even on a terminal", async () => {
    const file = join(fixture.home, "quiet.bin");
    await writeFile(file, randomBytes(2 * 1024 * 1024));
    const run = await inTerminal(["upload", "alice/tty", file, "quiet.bin"], {
      ...fixture.env,
      HF_TOKEN: fixture.server.tokens.alice,
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
    });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain("█");
    expect(run.output).not.toContain("░");
    expect(run.output).toMatch(/\/alice\/tty\/blob\/main\/quiet\.bin/);
  });

  it("an upload draws a bar with bytes, speed and ETA; without a terminal there is none", async () => {
    const file = join(fixture.home, "weights.bin");
    await writeFile(file, randomBytes(24 * 1024 * 1024));
    const env = { ...fixture.env, HF_TOKEN: fixture.server.tokens.alice };
    const run = await inTerminal(["upload", "alice/tty", file, "a.bin"], env);
    expect(run.code).toBe(0);
    const frames = run.output.split("\r").map((frame) => frame.replace(/\x1b\[K/g, ""));
    const bars = frames.filter((frame) => /^Uploading [█░]{24} +\d+% [\d.]+ [kMG]?B\/25\.2 MB [\d.]+ [kMG]?B\/s (ETA|in) /.test(frame));
    expect(bars.length).toBeGreaterThanOrEqual(1);
    expect(bars.at(-1)).toMatch(/100% 25\.2 MB\/25\.2 MB .* in \d+s/);
    // The LFS file is hashed first, on its own bar that ends before the upload bar starts.
    const hashingDone = frames.findIndex((frame) => /^Hashing [█]{24} 100% 25\.2 MB\/25\.2 MB .* in \d+s/.test(frame));
    expect(hashingDone).toBeGreaterThanOrEqual(0);
    expect(hashingDone).toBeLessThan(frames.indexOf(bars[0]!));
    expect(run.output).toMatch(/\/alice\/tty\/blob\/main\/a\.bin/);

    const piped = await fixture.hub(["upload", "alice/tty", file, "b.bin"], { env });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("Uploaded 25.2 MB\n");
    expect(piped.stdout).not.toContain("█");
  });

  it("a download draws a bar too", async () => {
    const run = await inTerminal(["download", "alice/tty", "a.bin"], fixture.env);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Downloading [█░]{24} 100% 25\.2 MB\/25\.2 MB [\d.]+ [kMG]?B\/s in \d+s/);
  });

  it("files already cached count apart from the bytes and speed of the download bar", async () => {
    // a.bin (25.2 MB) is in the cache since the test above, and b.bin has the same bytes (same blob):
    // only quiet.bin (2.1 MB) goes over the wire.
    const first = await inTerminal(["download", "alice/tty"], fixture.env);
    expect(first.code).toBe(0);
    const frames = first.output.split("\r").map((frame) => frame.replace(/\x1b\[K/g, ""));
    const last = frames.filter((frame) => frame.startsWith("Downloading ")).at(-1)!;
    expect(last).toMatch(/^Downloading [█]{24} 100% 2\.1 MB\/2\.1 MB [\d.]+ [kMG]?B\/s in \d+s, 50\.3 MB already cached/);

    const second = await inTerminal(["download", "alice/tty"], fixture.env);
    expect(second.code).toBe(0);
    expect(second.output).toContain("Downloading ████████████████████████ 100% 52.4 MB already cached, nothing to transfer");
    // No speed is ever claimed for bytes that did not move.
    expect(second.output).not.toMatch(/\d B\/s/);
    expect(second.output).toContain("already cached, nothing transferred");
  });

  it("--progress keeps the bars with --json: bars on the terminal's stderr, pure JSON on stdout", async () => {
    const file = join(fixture.home, "progress.bin");
    await writeFile(file, randomBytes(3 * 1024 * 1024));
    const env = { ...fixture.env, HF_TOKEN: fixture.server.tokens.alice };
    const run = await inTerminal(["upload", "alice/tty", file, "progress.bin", "--json", "--progress"], env);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Uploading [█]{24} 100% 3\.1 MB\/3\.1 MB .* in \d+s/);
    expect(run.output).toMatch(/"url": ".*\/alice\/tty\/blob\/main\/progress\.bin"/);

    const piped = await fixture.hub(["upload", "alice/tty", file, "progress-2.bin", "--json", "--progress"], { env });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("");
    expect(JSON.parse(piped.stdout).url).toMatch(/\/alice\/tty\/blob\/main\/progress-2\.bin$/);
  });
});
