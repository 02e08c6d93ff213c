import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo } from "../src/index.ts";
import { putFiles } from "./helpers.ts";

const run = promisify(execFile);
const child = new URL("./fixtures/snapshot-child.mjs", import.meta.url).pathname;
let hub: TestServer;
let cacheDir: string;
const files: Record<string, Uint8Array> = { "big.bin": randomBytes(24 * 1024 * 1024) };
for (let index = 0; index < 30; index++) files[`small/${index}.txt`] = randomBytes(100 + index);

beforeAll(async () => {
  hub = await startTestServer();
  cacheDir = await mkdtemp(join(tmpdir(), "hub-concurrent-"));
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: "alice/shared" });
  await putFiles(hub, "alice/shared", files);
});
afterAll(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("two processes downloading the same snapshot into one cache", () => {
  it("end with one intact copy of every blob, each blob downloaded once", async () => {
    const env = { ...process.env, HUB_URL: hub.url, HUB_TOKEN: hub.tokens.alice, CACHE_DIR: cacheDir, REPO_ID: "alice/shared" };
    const outputs = await Promise.all([run(process.execPath, [child], { env }), run(process.execPath, [child], { env })]);
    const results = outputs.map((output) => JSON.parse(output.stdout) as { folder: string; requests: { method: string; url: string }[] });
    expect(results[0]?.folder).toBe(results[1]?.folder);
    const folder = results[0]!.folder;
    for (const [path, content] of Object.entries(files)) {
      expect((await readFile(join(folder, ...path.split("/")))).equals(content), path).toBe(true);
    }
    const storage = join(cacheDir, "models--alice--shared");
    const blobs = await readdir(join(storage, "blobs"));
    expect(blobs.filter((name) => name.includes("."))).toEqual([]);
    expect(blobs).toContain(createHash("sha256").update(files["big.bin"]!).digest("hex"));
    expect(blobs).toHaveLength(Object.keys(files).length + 1);
    expect(await readdir(join(cacheDir, ".locks", "models--alice--shared"))).toEqual([]);
    const bigDownloads = results
      .flatMap((result) => result.requests)
      .filter((request) => request.method === "GET" && request.url.endsWith("/big.bin"));
    expect(bigDownloads).toHaveLength(1);
    expect((await stat(join(folder, "big.bin"))).size).toBe(files["big.bin"]!.byteLength);
  });
});
