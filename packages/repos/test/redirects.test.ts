import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFile as officialDownloadFile } from "@huggingface/hub";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRepo, downloadFile, getFileMetadata, modelInfo, moveRepo } from "../src/index.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles, recordingFetch } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
let commit: string;
const repoId = "alice/cdn";
// Over two 8 MiB ranges: two lanes download it in three ranges.
const big = randomBytes(17 * 1024 * 1024 + 3);
const bigSha = createHash("sha256").update(big).digest("hex");

beforeAll(async () => {
  // The Hub answers `resolve` of LFS files with a 302 to its CDN; this server does the same.
  hub = await startTestServer({ lfsRedirects: true });
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, { "weights.bin": big, "config.json": "{}" });
  commit = (await modelInfo({ ...alice, repoId })).sha!;
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "hub-cdn-"));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const isCdn = (url: string) => new URL(url).pathname.startsWith("/lfs-files/");

describe("metadata requests do not follow the redirect to the CDN (redirect: manual)", () => {
  it("reads X-Linked-Etag, X-Linked-Size, X-Repo-Commit and Location from the 302 itself", async () => {
    const fetch = recordingFetch();
    const metadata = await getFileMetadata({ ...alice, fetch, repoId, path: "weights.bin" });
    expect(metadata).toMatchObject({ commitHash: commit, etag: bigSha, size: big.byteLength, redirected: true });
    expect(isCdn(metadata.location)).toBe(true);
    expect(fetch.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      "HEAD /alice/cdn/resolve/main/weights.bin",
    ]);
    const regular = await getFileMetadata({ ...alice, repoId, path: "config.json" });
    expect(regular.redirected).toBe(false);
    expect(regular.location).toBe(`${hub.url}/alice/cdn/resolve/main/config.json`);
  });

  it("follows a relative redirect (a renamed repo), as the Python client does", async () => {
    await createRepo({ ...alice, repoId: "alice/old-name" });
    await putFiles(hub, "alice/old-name", { "weights.bin": big });
    await moveRepo({ ...alice, fromId: "alice/old-name", toId: "alice/new-name" });
    const fetch = recordingFetch();
    const metadata = await getFileMetadata({ ...alice, fetch, repoId: "alice/old-name", path: "weights.bin" });
    expect(metadata).toMatchObject({ etag: bigSha, size: big.byteLength, redirected: true });
    expect(fetch.requests.map((request) => new URL(request.url).pathname)).toEqual([
      "/alice/old-name/resolve/main/weights.bin",
      "/alice/new-name/resolve/main/weights.bin",
    ]);
  });

  it("leaves plain downloads following the redirect, with Range", async () => {
    const response = await downloadFile({ ...alice, repoId, path: "weights.bin", range: { start: 10, end: 19 } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(big.subarray(10, 20))).toBe(true);
  });
});

describe("cache downloads behind a CDN redirect", () => {
  it("downloadFileToCacheDir takes the bytes straight from the redirect's location", async () => {
    const fetch = recordingFetch();
    const pointer = await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "weights.bin", cacheDir });
    expect((await readFile(pointer)).equals(big)).toBe(true);
    const requests = fetch.requests.map((request) => `${request.method} ${isCdn(request.url) ? "cdn" : "hub"}`);
    expect(requests).toEqual(["HEAD hub", "GET cdn"]);
  });

  it("segmented downloads send later ranges straight to the CDN, with a caller's fetch and with the default one", async () => {
    const fetch = recordingFetch();
    const segmented = { segmentThreshold: 1024 * 1024, segments: 2 };
    const folder = await snapshotDownload({ ...alice, fetch, repoId, cacheDir, ...segmented });
    expect((await readFile(join(folder, "weights.bin"))).equals(big)).toBe(true);
    const ranges = fetch.requests.filter((request) => request.range !== null);
    // Two lanes, three 8 MiB ranges: two through the Hub, the third straight from the CDN URL it redirected to.
    expect(ranges.map((request) => isCdn(request.url))).toEqual([false, false, true]);
    await rm(join(cacheDir, "models--alice--cdn"), { recursive: true });
    const again = await snapshotDownload({ ...alice, repoId, cacheDir, ...segmented });
    expect((await readFile(join(again, "weights.bin"))).equals(big)).toBe(true);
  });

  it("the official client still downloads through the redirect", async () => {
    const blob = await officialDownloadFile({ repo: repoId, path: "weights.bin", accessToken: alice.accessToken, hubUrl: hub.url });
    expect(Buffer.from(await blob!.arrayBuffer()).equals(big)).toBe(true);
  });
});
