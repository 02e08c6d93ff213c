import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubHttpError } from "@hub/core";
import { startTestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo } from "../src/index.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles } from "./helpers.ts";

const repoId = "alice/switched-off";
let dataDir: string;
let cacheDir: string;
let cachedFolder: string;
let cachedPointer: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-fallback-data-"));
  cacheDir = await mkdtemp(join(tmpdir(), "hub-fallback-cache-"));
  const clean = await startTestServer({ dataDir });
  const alice = { accessToken: clean.tokens.alice, hubUrl: clean.url };
  await createRepo({ ...alice, repoId });
  await putFiles(clean, repoId, { "config.json": '{"cached":true}' });
  cachedFolder = await snapshotDownload({ ...alice, repoId, cacheDir });
  cachedPointer = await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
  await clean.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

describe("the cache answers when the Hub refuses", () => {
  it("a disabled repo (403) and a server failing with 5xx return the cached copy; without one, the error", async () => {
    for (const options of [{ disabledRepos: [repoId] }, { faults: { rate: 1, seed: 1, kinds: ["500", "503"] as const } }]) {
      const hub = await startTestServer({ dataDir, ...options });
      try {
        const alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
        expect(await snapshotDownload({ ...alice, repoId, cacheDir })).toBe(cachedFolder);
        expect(await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir })).toBe(cachedPointer);
        expect(await readFile(cachedPointer, "utf8")).toBe('{"cached":true}');
        await expect(
          snapshotDownload({ ...alice, repoId, cacheDir: join(cacheDir, "empty"), retry: { baseDelay: 1, maxDelay: 5 } }),
        ).rejects.toBeInstanceOf(HubHttpError);
      } finally {
        await hub.close();
      }
    }
  });
});
