import { createHash, randomBytes } from "node:crypto";
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EntryNotFoundError, HubNetworkError, HubValidationError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRepo, modelInfo } from "../src/index.ts";
import { downloadFileToCacheDir, hubCacheDir, snapshotDownload, type SnapshotProgress } from "../src/node/index.ts";
import { putFiles, recordingFetch } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
const repoId = "alice/cached";
const big = randomBytes(6 * 1024 * 1024);
const bigSha = createHash("sha256").update(big).digest("hex");
const gitSha1 = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
let commit: string;

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, { "config.json": '{"x":1}', "nested/dir/notes.txt": "hello", "weights/model.bin": big, "extra.md": "extra" });
  commit = (await modelInfo({ ...alice, repoId })).sha!;
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "hub-cache-"));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const storage = () => join(cacheDir, "models--alice--cached");

describe("hubCacheDir", () => {
  it("follows HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, HOME", () => {
    expect(hubCacheDir({ HF_HUB_CACHE: "/a", HUGGINGFACE_HUB_CACHE: "/b", HF_HOME: "/c" })).toBe("/a");
    expect(hubCacheDir({ HUGGINGFACE_HUB_CACHE: "/b", HF_HOME: "/c" })).toBe("/b");
    expect(hubCacheDir({ HF_HOME: "/c" })).toBe("/c/hub");
    expect(hubCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/x/huggingface/hub");
    expect(hubCacheDir({ HOME: "/h" })).toBe("/h/.cache/huggingface/hub");
  });
});

describe("downloadFileToCacheDir (protocol 5.6 layout)", () => {
  it("writes blobs named by ETag, relative symlinks in snapshots and refs/main", async () => {
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "nested/dir/notes.txt", cacheDir });
    expect(pointer).toBe(join(storage(), "snapshots", commit, "nested", "dir", "notes.txt"));
    expect((await lstat(pointer)).isSymbolicLink()).toBe(true);
    expect(await readlink(pointer)).toBe(`../../../../blobs/${gitSha1("hello")}`);
    expect(await readFile(pointer, "utf8")).toBe("hello");
    expect(await readFile(join(storage(), "refs", "main"), "utf8")).toBe(commit);
    const bin = await downloadFileToCacheDir({ ...alice, repoId, path: "weights/model.bin", cacheDir });
    expect(await readlink(bin)).toBe(`../../../blobs/${bigSha}`);
    expect((await readFile(join(storage(), "blobs", bigSha))).equals(big)).toBe(true);
    expect((await readdir(join(storage(), "blobs"))).sort()).toEqual([bigSha, gitSha1("hello")].sort());
    expect(await readdir(join(cacheDir, ".locks", "models--alice--cached"))).toEqual([]);
  });

  it("makes no request for a 40-hex revision already cached, and links an existing blob without downloading it", async () => {
    await downloadFileToCacheDir({ ...alice, repoId, path: "config.json", cacheDir });
    const fetch = recordingFetch();
    expect(await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", revision: commit, cacheDir })).toBe(
      join(storage(), "snapshots", commit, "config.json"),
    );
    expect(fetch.requests).toEqual([]);
    await rm(join(storage(), "snapshots"), { recursive: true });
    await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "config.json", cacheDir });
    expect(fetch.requests.map((request) => request.method)).toEqual(["HEAD"]);
  });

  it("reuses a cache written by the Python client", async () => {
    const etag = gitSha1("extra");
    await mkdir(join(storage(), "blobs"), { recursive: true });
    await mkdir(join(storage(), "snapshots", commit), { recursive: true });
    await mkdir(join(storage(), "refs"), { recursive: true });
    await writeFile(join(storage(), "blobs", etag), "extra");
    await symlink(`../../blobs/${etag}`, join(storage(), "snapshots", commit, "extra.md"));
    await writeFile(join(storage(), "refs", "main"), commit);
    const fetch = recordingFetch();
    const pointer = await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "extra.md", revision: commit, cacheDir });
    expect(await readFile(pointer, "utf8")).toBe("extra");
    expect(fetch.requests).toEqual([]);
  });

  it("records a missing file in .no_exist and throws EntryNotFoundError; validates paths first", async () => {
    await expect(downloadFileToCacheDir({ ...alice, repoId, path: "missing.txt", cacheDir })).rejects.toBeInstanceOf(EntryNotFoundError);
    expect((await stat(join(storage(), ".no_exist", commit, "missing.txt"))).size).toBe(0);
    expect(await readFile(join(storage(), "refs", "main"), "utf8")).toBe(commit);
    const fetch = recordingFetch();
    await expect(downloadFileToCacheDir({ ...alice, fetch, repoId, path: "../up", cacheDir })).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch.requests).toEqual([]);
  });

  it("resumes an aborted download from its partial file with a Range request for the missing bytes only", async () => {
    const controller = new AbortController();
    const first = downloadFileToCacheDir({
      ...alice,
      repoId,
      path: "weights/model.bin",
      cacheDir,
      signal: controller.signal,
      onProgress: ({ bytes }) => {
        if (bytes >= 1024 * 1024) controller.abort(new Error("stop here"));
      },
    });
    await expect(first).rejects.toThrow("stop here");
    const incomplete = join(storage(), "blobs", `${bigSha}.incomplete`);
    const partial = (await stat(incomplete)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(big.byteLength);
    const fetch = recordingFetch();
    const progress: number[] = [];
    const pointer = await downloadFileToCacheDir({
      ...alice,
      fetch,
      repoId,
      path: "weights/model.bin",
      cacheDir,
      onProgress: ({ bytes }) => progress.push(bytes),
    });
    const get = fetch.requests.filter((request) => request.method === "GET");
    expect(get).toHaveLength(1);
    expect(get[0]?.range).toBe(`bytes=${partial}-`);
    expect(fetch.received).toBe(big.byteLength - partial);
    expect((await readFile(pointer)).equals(big)).toBe(true);
    expect(progress[0]).toBe(partial);
    expect(progress.at(-1)).toBe(big.byteLength);
    await expect(stat(incomplete)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("fetches a large file as parallel ranges, and an interrupted one leaves a resumable prefix", async () => {
    const fetch = recordingFetch();
    const segmented = { segmentThreshold: 1024 * 1024, segments: 4 };
    const pointer = await downloadFileToCacheDir({ ...alice, fetch, repoId, path: "weights/model.bin", cacheDir, ...segmented });
    expect((await readFile(pointer)).equals(big)).toBe(true);
    const quarter = big.byteLength / 4;
    expect(
      fetch.requests
        .filter((request) => request.method === "GET")
        .map((request) => request.range)
        .sort(),
    ).toEqual([0, 1, 2, 3].map((index) => `bytes=${index * quarter}-${(index + 1) * quarter - 1}`).sort());
    await rm(join(storage(), "blobs"), { recursive: true });
    await rm(join(storage(), "snapshots"), { recursive: true });
    // The first range breaks after 1 MiB; the other ranges complete.
    const breaking = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (!request.headers.get("range")?.startsWith("bytes=0-") || !response.body) return response;
      let sent = 0;
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent >= 1024 * 1024) return controller.error(new Error("connection reset"));
          const { done, value } = await reader.read();
          if (done) return controller.close();
          const piece = value.subarray(0, 1024 * 1024 - sent);
          sent += piece.byteLength;
          controller.enqueue(piece);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    }) as typeof fetch;
    // With retries, the broken range is resumed from its last byte within the call.
    const retried = await downloadFileToCacheDir({
      ...alice,
      fetch: breaking,
      repoId,
      path: "weights/model.bin",
      cacheDir,
      ...segmented,
      retry: { baseDelay: 1 },
    });
    expect((await readFile(retried)).equals(big)).toBe(true);
    await rm(join(storage(), "blobs"), { recursive: true });
    await rm(join(storage(), "snapshots"), { recursive: true });
    // Without, the call fails and leaves the prefix for the next one.
    await expect(
      downloadFileToCacheDir({ ...alice, fetch: breaking, repoId, path: "weights/model.bin", cacheDir, ...segmented, retry: false }),
    ).rejects.toThrow(HubNetworkError);
    const incomplete = join(storage(), "blobs", `${bigSha}.incomplete`);
    expect((await readFile(incomplete)).equals(big.subarray(0, 1024 * 1024))).toBe(true);
    const resumed = recordingFetch();
    await downloadFileToCacheDir({ ...alice, fetch: resumed, repoId, path: "weights/model.bin", cacheDir, ...segmented });
    expect(resumed.requests.filter((request) => request.method === "GET").map((request) => request.range)).toEqual([
      `bytes=${1024 * 1024}-`,
    ]);
    expect(resumed.received).toBe(big.byteLength - 1024 * 1024);
    expect((await readFile(join(storage(), "blobs", bigSha))).equals(big)).toBe(true);
  });

  it("over the default transport, an aborted parallel download keeps a true prefix that the next run resumes", async () => {
    const controller = new AbortController();
    const segmented = { segmentThreshold: 1024 * 1024, segments: 4 };
    const first = downloadFileToCacheDir({
      ...alice,
      repoId,
      path: "weights/model.bin",
      cacheDir,
      ...segmented,
      signal: controller.signal,
      onProgress: ({ bytes }) => {
        // Four ranges of 1.5 MiB: with 5 of the 6 MiB on disk, the other three hold at most 4.5, the first at least 0.5 MiB.
        if (bytes >= 5 * 1024 * 1024) controller.abort(new Error("stop the ranges"));
      },
    });
    await expect(first).rejects.toThrow("stop the ranges");
    const blobs = await readdir(join(storage(), "blobs"));
    expect(blobs.filter((name) => name.endsWith(".hub-sdk.part"))).toEqual([]);
    const incomplete = join(storage(), "blobs", `${bigSha}.incomplete`);
    const prefix = await readFile(incomplete);
    expect(prefix.byteLength).toBeGreaterThanOrEqual(512 * 1024);
    expect(prefix.equals(big.subarray(0, prefix.byteLength))).toBe(true);
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "weights/model.bin", cacheDir, ...segmented });
    expect((await readFile(pointer)).equals(big)).toBe(true);
    expect(await readdir(join(storage(), "blobs"))).toEqual([bigSha]);
  });

  it("verifies parallel ranges while they arrive: a corrupted range leaves neither blob nor partial file", async () => {
    const segmented = { segmentThreshold: 1024 * 1024, segments: 4 };
    const corrupting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (request.headers.get("range")?.startsWith("bytes=0-") !== false || !response.body) return response;
      // Another range than the first: one byte flipped, same length.
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[7] = bytes[7]! ^ 0xff;
      return new Response(bytes, { status: response.status, headers: response.headers });
    }) as typeof fetch;
    await expect(
      downloadFileToCacheDir({ ...alice, fetch: corrupting, repoId, path: "weights/model.bin", cacheDir, ...segmented }),
    ).rejects.toThrow("does not match ETag");
    expect(await readdir(join(storage(), "blobs"))).toEqual([]);
  });

  it("deletes a part file left by a killed parallel download (it may have holes) and downloads again", async () => {
    await mkdir(join(storage(), "blobs"), { recursive: true });
    await writeFile(join(storage(), "blobs", `${bigSha}.hub-sdk.part`), Buffer.alloc(big.byteLength, 0));
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "weights/model.bin", cacheDir, segmentThreshold: 1024 * 1024 });
    expect((await readFile(pointer)).equals(big)).toBe(true);
    expect(await readdir(join(storage(), "blobs"))).toEqual([bigSha]);
  });

  it("discards a corrupt partial file that does not match the ETag", async () => {
    await mkdir(join(storage(), "blobs"), { recursive: true });
    await writeFile(join(storage(), "blobs", `${bigSha}.incomplete`), Buffer.alloc(1000, 1));
    await expect(downloadFileToCacheDir({ ...alice, repoId, path: "weights/model.bin", cacheDir })).rejects.toThrow("does not match ETag");
    await expect(stat(join(storage(), "blobs", `${bigSha}.incomplete`))).rejects.toMatchObject({ code: "ENOENT" });
    const pointer = await downloadFileToCacheDir({ ...alice, repoId, path: "weights/model.bin", cacheDir });
    expect((await readFile(pointer)).equals(big)).toBe(true);
  });
});

describe("snapshotDownload", () => {
  it("downloads the whole revision with progress, then reuses the cache without downloading", async () => {
    const events: SnapshotProgress[] = [];
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, onProgress: (event) => events.push(event) });
    expect(folder).toBe(join(storage(), "snapshots", commit));
    expect(await readFile(join(folder, "config.json"), "utf8")).toBe('{"x":1}');
    expect(await readlink(join(folder, "config.json"))).toBe(`../../blobs/${gitSha1('{"x":1}')}`);
    expect((await readFile(join(folder, "weights", "model.bin"))).equals(big)).toBe(true);
    expect(await readFile(join(storage(), "refs", "main"), "utf8")).toBe(commit);
    const last = events.at(-1)!;
    expect(last.totalBytes).toBe(last.totalSize);
    expect(last.filesDone).toBe(5);
    expect(last.filesTotal).toBe(5);
    expect(events.some((event) => event.path === "weights/model.bin" && event.bytes > 0 && event.bytes < big.byteLength)).toBe(true);
    expect(last.cachedBytes).toBe(0);
    const fetch = recordingFetch();
    const again: SnapshotProgress[] = [];
    expect(await snapshotDownload({ ...alice, fetch, repoId, cacheDir, revision: commit, onProgress: (event) => again.push(event) })).toBe(
      folder,
    );
    expect(fetch.requests.filter((request) => request.url.includes("/resolve/"))).toEqual([]);
    // Everything was already there: all of it is reported as cached, none as transferred.
    expect(again.at(-1)!.totalBytes).toBe(last.totalSize);
    expect(again.at(-1)!.cachedBytes).toBe(last.totalSize);
  });

  it("filters with Python fnmatch patterns (* matches /)", async () => {
    const folder = await snapshotDownload({ ...alice, repoId, cacheDir, allowPatterns: ["*.txt", "*.json"], ignorePatterns: "nested/*" });
    expect(await readdir(folder)).toEqual(["config.json"]);
    const second = await snapshotDownload({ ...alice, repoId, cacheDir, allowPatterns: "weights/" });
    expect(await readdir(second)).toEqual(["config.json", "weights"]);
  });

  it("writes plain files into localDir with Python-style metadata, and skips them next time", async () => {
    const localDir = join(cacheDir, "local");
    expect(await snapshotDownload({ ...alice, repoId, localDir, allowPatterns: ["*.json", "*.txt"] })).toBe(localDir);
    expect((await lstat(join(localDir, "nested", "dir", "notes.txt"))).isFile()).toBe(true);
    expect(await readFile(join(localDir, "config.json"), "utf8")).toBe('{"x":1}');
    const metadata = (await readFile(join(localDir, ".cache", "huggingface", "download", "config.json.metadata"), "utf8")).split("\n");
    expect(metadata.slice(0, 2)).toEqual([commit, gitSha1('{"x":1}')]);
    const fetch = recordingFetch();
    await snapshotDownload({ ...alice, fetch, repoId, localDir, allowPatterns: ["*.json", "*.txt"] });
    expect(fetch.requests.filter((request) => request.url.includes("/resolve/"))).toEqual([]);
  });

  it("stops with the signal's reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    await expect(snapshotDownload({ ...alice, repoId, cacheDir, signal: controller.signal })).rejects.toThrow("cancelled");
  });
});
