import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, listRepoTree } from "../src/index.ts";
import { snapshotDownload } from "../src/node/index.ts";
import { collect, putFiles } from "./helpers.ts";

const repoId = "alice/flaky";
const files: Record<string, Buffer> = {};
for (let index = 0; index < 40; index++) files[`small/${index}.txt`] = randomBytes(1000 + index * 37);
files["medium.bin"] = randomBytes(3 * 1024 * 1024);
files["large.bin"] = randomBytes(20 * 1024 * 1024);
const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let dataDir: string;
let cacheDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-faults-data-"));
  cacheDir = await mkdtemp(join(tmpdir(), "hub-faults-cache-"));
  // Seeded without faults; the faulty server then serves the same data folder.
  const clean = await startTestServer({ dataDir });
  await createRepo({ accessToken: clean.tokens.alice, hubUrl: clean.url, repoId });
  await putFiles(clean, repoId, files);
  await clean.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

/**
 * Short stalls and timeouts so that a stalled request (held 4 s by the server) is given up on
 * quickly; backoff small but real. Generous enough that a loaded machine's slow answers are not
 * taken for stalls.
 */
const CLIENT = { stallTimeout: 1_500, timeout: 2_500, retry: { attempts: 8, baseDelay: 20, maxDelay: 2_000 } };

async function faultyServer(seed: number): Promise<TestServer> {
  return startTestServer({ dataDir, faults: { rate: 0.1, seed, stallMs: 4_000, retryAfterSeconds: 0 } });
}

describe("under 10% injected faults (resets, stalls, 5xx, 429, cut bodies)", () => {
  for (const seed of [1, 2, 3]) {
    it(`snapshotDownload finishes on the first call with every byte right (seed ${seed})`, async () => {
      const hub = await faultyServer(seed);
      try {
        const folder = await snapshotDownload({
          accessToken: hub.tokens.alice,
          hubUrl: hub.url,
          repoId,
          cacheDir: join(cacheDir, `seed-${seed}`),
          segmentThreshold: 2 * 1024 * 1024,
          ...CLIENT,
        });
        for (const [path, bytes] of Object.entries(files)) expect(digest(await readFile(join(folder, path))), path).toBe(digest(bytes));
        expect(hub.server.faults!.log.length).toBeGreaterThan(0);
      } finally {
        await hub.close();
      }
    }, 120_000);
  }

  it("30 full listings out of 30 come back whole, pages retried", async () => {
    const hub = await faultyServer(7);
    try {
      const expected = [".gitattributes", ...Object.keys(files)].sort();
      for (let run = 0; run < 30; run++) {
        const entries = await collect(listRepoTree({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId, recursive: true, ...CLIENT }));
        expect(
          entries
            .filter((entry) => entry.type === "file")
            .map((entry) => entry.path)
            .sort(),
        ).toEqual(expected);
      }
      expect(hub.server.faults!.log.filter((fault) => fault.path.includes("/tree/")).length).toBeGreaterThan(0);
    } finally {
      await hub.close();
    }
  }, 120_000);
});
