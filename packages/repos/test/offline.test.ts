import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { HubNetworkError, RevisionNotFoundError } from "@hub/core";
import { createRepo, LocalEntryNotFoundError, modelInfo } from "../src/index.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles, recordingFetch } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
let commit: string;
const repoId = "alice/offline";

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, { "config.json": '{"offline":true}', "data/rows.txt": "a\nb\n" });
  commit = (await modelInfo({ ...alice, repoId })).sha!;
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "hub-offline-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(cacheDir, { recursive: true, force: true });
});

const storage = () => join(cacheDir, "models--alice--offline");

describe("downloadFileToCacheDir offline", () => {
  it("resolves main through refs/main to the cached file, sending no request", async () => {
    const online = await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    const fetch = recordingFetch();
    expect(await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir, offline: true })).toBe(online);
    expect(await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir, revision: commit, offline: true })).toBe(
      online,
    );
    expect(fetch.requests).toEqual([]);
  });

  it("throws LocalEntryNotFoundError for a file that is not cached, sending no request", async () => {
    await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    const fetch = recordingFetch();
    const error = await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "data/rows.txt", cacheDir, offline: true }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LocalEntryNotFoundError);
    expect((error as Error).message).toContain("data/rows.txt of alice/offline@main is not in the cache");
    // Nothing cached at all for another revision.
    await expect(
      downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir, revision: "dev", offline: true }),
    ).rejects.toBeInstanceOf(LocalEntryNotFoundError);
    expect(fetch.requests).toEqual([]);
  });

  it("says when the cache records the file as missing at that commit", async () => {
    await downloadFileToCacheDir({ ...alice, repoId, path: "missing.txt", cacheDir }).catch(() => undefined);
    await expect(downloadFileToCacheDir({ ...alice, repoId, path: "missing.txt", cacheDir, offline: true })).rejects.toThrow(
      `recorded as missing at ${commit}`,
    );
  });

  it.each([
    ["HF_HUB_OFFLINE", "1"],
    ["HF_HUB_OFFLINE", "true"],
    ["HF_HUB_OFFLINE", "YES"],
    ["TRANSFORMERS_OFFLINE", "on"],
  ])("is on with %s=%s, as in the Python client", async (name, value) => {
    vi.stubEnv(name, value);
    const fetch = recordingFetch();
    await expect(downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir })).rejects.toBeInstanceOf(
      LocalEntryNotFoundError,
    );
    expect(fetch.requests).toEqual([]);
  });

  it("stays online with HF_HUB_OFFLINE=0", async () => {
    vi.stubEnv("HF_HUB_OFFLINE", "0");
    const fetch = recordingFetch();
    await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir });
    expect(fetch.requests.map((request) => request.method)).toEqual(["HEAD", "GET"]);
  });
});

describe("snapshotDownload offline", () => {
  it("returns the cached snapshot of the revision (refs/<revision> -> snapshots/<commit>), sending no request", async () => {
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, allowPatterns: "config.json" });
    const fetch = recordingFetch();
    expect(await snapshotDownload({ ...alice, fetch, repoId, cacheDir, offline: true })).toBe(folder);
    expect(await snapshotDownload({ ...alice, fetch, repoId, cacheDir, revision: commit, offline: true })).toBe(folder);
    vi.stubEnv("HF_HUB_OFFLINE", "1");
    expect(await snapshotDownload({ ...alice, fetch, repoId, cacheDir })).toBe(folder);
    expect(fetch.requests).toEqual([]);
  });

  it("throws LocalEntryNotFoundError when the revision has no cached snapshot, sending no request", async () => {
    const fetch = recordingFetch();
    await expect(snapshotDownload({ ...alice, fetch, repoId, cacheDir, offline: true })).rejects.toBeInstanceOf(LocalEntryNotFoundError);
    // A ref whose snapshot folder is gone is not enough either.
    await mkdir(join(storage(), "refs"), { recursive: true });
    await writeFile(join(storage(), "refs", "main"), commit);
    await expect(snapshotDownload({ ...alice, fetch, repoId, cacheDir, offline: true })).rejects.toThrow(
      "No cached snapshot of alice/offline@main",
    );
    expect(fetch.requests).toEqual([]);
  });

  it("falls back to the cached snapshot when the Hub cannot be reached, and rethrows the network error otherwise", async () => {
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, allowPatterns: "config.json" });
    // A port nothing listens on: the connection is refused.
    const unreachable = { accessToken: alice.accessToken, hubUrl: "http://127.0.0.1:9", retry: false as const };
    expect(await snapshotDownload({ ...unreachable, repoId, cacheDir })).toBe(folder);
    await expect(snapshotDownload({ ...unreachable, repoId, cacheDir, revision: "dev" })).rejects.toBeInstanceOf(HubNetworkError);
  });

  it("falls back to the cache on an HTTP error (401 here) but not on a missing revision, quickly when unreachable", async () => {
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir });
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    // A token the server does not know: 401 on every request.
    const refused = { accessToken: "hf_not_a_known_token_0123456789abcdef", hubUrl: hub.url };
    expect(await snapshotDownload({ ...refused, repoId, cacheDir })).toBe(folder);
    expect(await downloadFileToCacheDir({ ...refused, repoId, path: "config.json", cacheDir })).toBe(pointer);
    await expect(
      downloadFileToCacheDir({ ...refused, repoId, path: "data/rows.txt", cacheDir: join(cacheDir, "empty") }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(snapshotDownload({ ...alice, repoId, cacheDir, revision: "no-such-branch" })).rejects.toBeInstanceOf(
      RevisionNotFoundError,
    );
    // Unreachable, default retries (5 attempts, up to a minute of backoff): with a cached copy, two quick attempts decide.
    const unreachable = { accessToken: alice.accessToken, hubUrl: "http://127.0.0.1:9" };
    const started = performance.now();
    expect(await downloadFileToCacheDir({ ...unreachable, repoId, path: "config.json", cacheDir })).toBe(pointer);
    expect(await snapshotDownload({ ...unreachable, repoId, cacheDir })).toBe(folder);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("returns a non-empty localDir as it is, and refuses an empty one", async () => {
    const localDir = join(cacheDir, "local");
    await expect(snapshotDownload({ ...alice, repoId, localDir, offline: true })).rejects.toBeInstanceOf(LocalEntryNotFoundError);
    await snapshotDownload({ ...alice, repoId, localDir, allowPatterns: "*.json" });
    const fetch = recordingFetch();
    expect(await snapshotDownload({ ...alice, fetch, repoId, localDir, offline: true })).toBe(localDir);
    expect(fetch.requests).toEqual([]);
  });
});
