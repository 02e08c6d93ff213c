import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRepo } from "../src/index.ts";
import { acquireLock, downloadFileToCacheDir, isFlocked } from "../src/node/index.ts";
import { putFiles, recordingFetch } from "./helpers.ts";

const distNode = new URL("../dist/node/index.js", import.meta.url).href;
let folder: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-lock-it-"));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await rm(folder, { recursive: true, force: true });
});

/** Starts a process and resolves once it printed `ready`. */
async function startChild(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", () => output.includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code} before it was ready`)));
  });
  return child;
}

/** Holds a `flock(2)` on `path`, the call Python's `filelock`/`fcntl.flock` makes, until stdin closes. */
function holdFlock(path: string): Promise<ChildProcess> {
  return startChild("flock", [path, "sh", "-c", "echo ready; cat >/dev/null"]);
}

describe("our lock file", () => {
  it("held by a process killed with SIGKILL is taken over at once (its pid is dead), not after staleAfter", async () => {
    const path = join(folder, "blob.hub-sdk.lock");
    const script = `const { acquireLock } = await import(${JSON.stringify(distNode)}); await acquireLock(${JSON.stringify(path)}); console.log("ready"); setInterval(() => {}, 1000);`;
    const child = await startChild(process.execPath, ["--input-type=module", "-e", script]);
    expect(JSON.parse(await readFile(path, "utf8")).pid).toBe(child.pid);
    child.kill("SIGKILL");
    await once(child, "exit");
    const release = await acquireLock(path, { staleAfter: 10 * 60_000 });
    expect(JSON.parse(await readFile(path, "utf8")).pid).toBe(process.pid);
    await release();
  });

  it("is not removed on release once another process has taken it over", async () => {
    const path = join(folder, "taken.hub-sdk.lock");
    const release = await acquireLock(path);
    const theirs = JSON.stringify({ pid: 1, host: "elsewhere", token: "theirs" });
    await writeFile(path, theirs);
    await release();
    expect(await readFile(path, "utf8")).toBe(theirs);
  });
});

describe("the Python client's flock on .locks/<repo>/<etag>.lock", () => {
  it("is seen in /proc/locks, and acquireLock with flockPath waits until it is released", async () => {
    const pythonLock = join(folder, "etag.lock");
    await writeFile(pythonLock, "");
    expect(await isFlocked(pythonLock)).toBe(false);
    const holder = await holdFlock(pythonLock);
    expect(await isFlocked(pythonLock)).toBe(true);
    const order: string[] = [];
    const acquired = acquireLock(join(folder, "etag.hub-sdk.lock"), { flockPath: pythonLock }).then((release) => {
      order.push("acquired");
      return release;
    });
    for (let turn = 0; turn < 5; turn++) await isFlocked(pythonLock);
    order.push("python released");
    holder.stdin!.end();
    await once(holder, "exit");
    await (
      await acquired
    )();
    expect(order).toEqual(["python released", "acquired"]);
  });
});

describe("downloadFileToCacheDir next to a Python download of the same blob", () => {
  let hub: TestServer;
  const content = randomBytes(2 * 1024 * 1024);
  const sha = createHash("sha256").update(content).digest("hex");
  beforeAll(async () => {
    hub = await startTestServer();
    await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: "alice/shared-lock" });
    await putFiles(hub, "alice/shared-lock", { "model.bin": content });
  });
  afterAll(async () => {
    await hub.close();
  });

  it("does not start the transfer while Python holds the blob's flock", async () => {
    const pythonLock = join(folder, ".locks", "models--alice--shared-lock", `${sha}.lock`);
    await mkdir(join(folder, ".locks", "models--alice--shared-lock"), { recursive: true });
    await writeFile(pythonLock, "");
    const holder = await holdFlock(pythonLock);
    const fetch = recordingFetch();
    const download = downloadFileToCacheDir({
      accessToken: hub.tokens.alice,
      hubUrl: hub.url,
      fetch,
      repoId: "alice/shared-lock",
      path: "model.bin",
      cacheDir: folder,
    });
    await expect.poll(() => fetch.requests.map((request) => request.method)).toEqual(["HEAD"]);
    for (let turn = 0; turn < 5; turn++) await isFlocked(pythonLock);
    expect(fetch.requests.map((request) => request.method)).toEqual(["HEAD"]);
    holder.stdin!.end();
    expect((await readFile(await download)).equals(content)).toBe(true);
    expect(fetch.requests.map((request) => request.method)).toEqual(["HEAD", "GET"]);
  });
});
