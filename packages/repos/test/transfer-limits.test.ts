import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo } from "../src/index.ts";
import { fetchBlob } from "../src/node/fetch-blob.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles, recordingFetch } from "./helpers.ts";

const MiB = 1024 * 1024;
const TTL_SECONDS = 60;
const big = randomBytes(20 * MiB);
const bigSha = createHash("sha256").update(big).digest("hex");
let now = Date.now();
let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
const repoId = "alice/limits";

beforeAll(async () => {
  // The Hub's ways, small: signed URLs live a minute of a clock we move, 5 siblings at most.
  hub = await startTestServer({ lfsRedirects: true, signedUrlTtlSeconds: TTL_SECONDS, clock: () => now, maxSiblings: 5 });
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  const files: Record<string, Uint8Array> = { "weights.bin": big };
  for (let index = 0; index < 12; index++) files[`configs/${index}.json`] = Buffer.from(`{"index":${index}}`);
  await putFiles(hub, repoId, files);
  cacheDir = await mkdtemp(join(tmpdir(), "hub-limits-"));
});
afterAll(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const isCdn = (url: string) => new URL(url).pathname.startsWith("/lfs-files/");

/** A fetch that moves the server's clock past the URL lifetime just before the `nth` request it sends to storage itself. */
function expiringBefore(nth: number): ReturnType<typeof recordingFetch> {
  let seen = 0;
  const recorder = recordingFetch();
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (isCdn(url) && ++seen === nth) now += (TTL_SECONDS + 1) * 1000;
    return recorder(input, init);
  }) as typeof fetch;
  return Object.defineProperties(wrapped, {
    requests: { value: recorder.requests },
    received: { get: () => recorder.received },
  }) as ReturnType<typeof recordingFetch>;
}

describe("signed storage URLs that expire", () => {
  it("a segmented download renews an expired URL and goes on, fetching no byte twice", async () => {
    // The first request made straight to storage is the third range (fetch follows the first two redirects itself).
    const fetch = expiringBefore(1);
    const folder = await snapshotDownload({
      ...alice,
      fetch,
      repoId,
      cacheDir: join(cacheDir, "segmented"),
      allowPatterns: "weights.bin",
      segmentThreshold: MiB,
      segments: 2,
    });
    expect(
      createHash("sha256")
        .update(await readFile(join(folder, "weights.bin")))
        .digest("hex"),
    ).toBe(bigSha);
    const ranges = fetch.requests.filter((request) => request.range !== null);
    // Three 8 MiB ranges: two through the Hub's redirect; the third sent to the kept URL, refused (403), asked again through the Hub.
    expect(ranges.map((request) => `${isCdn(request.url) ? "cdn" : "hub"} ${request.range}`)).toEqual([
      "hub bytes=0-8388607",
      "hub bytes=8388608-16777215",
      "cdn bytes=16777216-20971519",
      "hub bytes=16777216-20971519",
    ]);
    // Every byte once (plus the 403's small error body).
    expect(fetch.received - big.byteLength).toBeGreaterThanOrEqual(0);
    expect(fetch.received - big.byteLength).toBeLessThan(64 * 1024);
  });

  it("a download from the HEAD's location renews it when it expired meanwhile", async () => {
    const fetch = expiringBefore(1);
    const pointer = await downloadFileToCacheDir({
      ...alice,
      fetch,
      repoId,
      path: "weights.bin",
      cacheDir: join(cacheDir, "single"),
      segmentThreshold: Number.POSITIVE_INFINITY,
    });
    expect(
      createHash("sha256")
        .update(await readFile(pointer))
        .digest("hex"),
    ).toBe(bigSha);
    expect(fetch.requests.map((request) => `${request.method} ${isCdn(request.url) ? "cdn" : "hub"}`).slice(0, 3)).toEqual([
      "HEAD hub",
      "GET cdn",
      "GET hub",
    ]);
  });
});

describe("the CDN's single-GET limit (4 MiB here, 50 GB on the Hub)", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ maxSingleGetBytes: 4 * MiB });
    await createRepo({ accessToken: limited.tokens.alice, hubUrl: limited.url, repoId });
    await putFiles(limited, repoId, { "weights.bin": big });
  });
  afterAll(async () => {
    await limited.close();
  });

  const download = (folder: string, fetch: typeof globalThis.fetch) => ({
    options: { accessToken: limited.tokens.alice, hubUrl: limited.url, fetch },
    source: { repoId, repoType: "model" as const, revision: "main", path: "weights.bin" },
    target: join(folder, "blob"),
    lockPath: join(folder, "blob.lock"),
    etag: bigSha,
    size: big.byteLength,
    segmentThreshold: Number.POSITIVE_INFINITY,
    maxSingleGet: 4 * MiB,
  });

  it("a download without parallel ranges asks for bounded ranges, never the whole file at once", async () => {
    const folder = join(cacheDir, "bounded");
    await mkdir(folder, { recursive: true });
    const fetch = recordingFetch();
    await fetchBlob(download(folder, fetch));
    expect(
      createHash("sha256")
        .update(await readFile(join(folder, "blob")))
        .digest("hex"),
    ).toBe(bigSha);
    const gets = fetch.requests.filter((request) => request.method === "GET" && request.range !== null);
    expect(gets.map((request) => request.range)).toEqual(
      [0, 1, 2, 3, 4].map((index) => `bytes=${index * 4 * MiB}-${Math.min(big.byteLength, (index + 1) * 4 * MiB) - 1}`),
    );
    expect(fetch.requests.every((request) => request.method !== "GET" || request.range !== null || !isCdn(request.url))).toBe(true);
  });

  it("a resume asks for bounded ranges from the partial file's end", async () => {
    const folder = join(cacheDir, "resume");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "blob.incomplete"), big.subarray(0, 5 * MiB));
    const fetch = recordingFetch();
    await fetchBlob(download(folder, fetch));
    expect(
      createHash("sha256")
        .update(await readFile(join(folder, "blob")))
        .digest("hex"),
    ).toBe(bigSha);
    expect(fetch.requests.filter((request) => request.method === "GET").map((request) => request.range)).toEqual(
      [5, 9, 13, 17].map((mib) => `bytes=${mib * MiB}-${Math.min(big.byteLength, (mib + 4) * MiB) - 1}`),
    );
    expect(fetch.received).toBe(big.byteLength - 5 * MiB);
    expect(await readdir(folder)).toEqual(["blob"]);
  });
});

describe("snapshots of repos whose siblings are cut short", () => {
  it("lists every file with the tree listing (repo info keeps only 5 siblings here)", async () => {
    const fetch = recordingFetch();
    const folder = await snapshotDownload({ ...alice, fetch, repoId, cacheDir: join(cacheDir, "siblings"), ignorePatterns: "*.bin" });
    const configs = (await readdir(join(folder, "configs"))).sort();
    expect(configs).toEqual(Array.from({ length: 12 }, (_, index) => `${index}.json`).sort());
    expect(
      fetch.requests.some(
        (request) => new URL(request.url).pathname.includes("/tree/") && new URL(request.url).searchParams.get("recursive") === "true",
      ),
    ).toBe(true);
  });
});
