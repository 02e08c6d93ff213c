import { createHash } from "node:crypto";
import { lstat, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createRepo, modelInfo } from "../src/index.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
let commit: string;
const repoId = "alice/no-links";
const files = {
  "config.json": '{"links":false}',
  "a/same.txt": "same bytes",
  "b/same.txt": "same bytes",
  "weights.bin": Buffer.alloc(3 * 1024 * 1024, 7),
};
const gitSha1 = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, files);
  commit = (await modelInfo({ ...alice, repoId })).sha!;
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "hub-no-links-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(cacheDir, { recursive: true, force: true });
});

const storage = () => join(cacheDir, "models--alice--no-links");

async function expectRealFiles(folder: string): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(folder, ...path.split("/"));
    expect((await lstat(file)).isSymbolicLink(), path).toBe(false);
    expect((await readFile(file)).equals(Buffer.from(content)), path).toBe(true);
  }
}

describe("snapshots without symlinks (Python's rule: move a new blob, copy an existing one)", () => {
  it("with disableSymlinks, puts real files in the snapshot and moves new blobs out of blobs/", async () => {
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, disableSymlinks: true });
    expect(folder).toBe(join(storage(), "snapshots", commit));
    await expectRealFiles(folder);
    // Every blob was new, so each was moved; the twice-present content was fetched for each path.
    expect((await readdir(join(storage(), "blobs"))).filter((name) => !name.includes("."))).toEqual([]);
  });

  it("with HF_HUB_DISABLE_SYMLINKS=1, copies a blob that is already in the cache and keeps it there", async () => {
    await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    const blob = join(storage(), "blobs", gitSha1(files["config.json"]));
    expect((await lstat(join(storage(), "snapshots", commit, "config.json"))).isSymbolicLink()).toBe(true);
    vi.stubEnv("HF_HUB_DISABLE_SYMLINKS", "1");
    await rm(join(storage(), "snapshots"), { recursive: true });
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    expect((await lstat(pointer)).isFile()).toBe(true);
    expect(await readFile(pointer, "utf8")).toBe(files["config.json"]);
    expect(await readFile(blob, "utf8")).toBe(files["config.json"]);
    const snapshot = await snapshotDownload({ ...alice, repoId, cacheDir });
    await expectRealFiles(snapshot);
  });

  it("keeps symlinks by default and with HF_HUB_DISABLE_SYMLINKS=0", async () => {
    vi.stubEnv("HF_HUB_DISABLE_SYMLINKS", "0");
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, allowPatterns: "*.json" });
    expect((await lstat(join(folder, "config.json"))).isSymbolicLink()).toBe(true);
  });
});
