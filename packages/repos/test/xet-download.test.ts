import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readChunkRecords } from "@hub/core/xet";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, getFileMetadata, listRepoTree } from "../src/index.ts";
import { downloadFileToCacheDir, type FileProgress, repoCachePaths, snapshotDownload } from "../src/node/index.ts";
import { collect, putFiles, recordingFetch, requestKinds } from "./helpers.ts";

// Downloads of Xet-stored files by reconstruction, against the real server with Xet on; the files are
// uploaded by the official client with useXet: true.

const distNode = new URL("../dist/node/index.js", import.meta.url).href;
const MB = 1000 * 1000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let hub: TestServer;
let dataDir: string;
let work: string;
/** The server's clock: tests move it to make signed URLs and tokens expire. */
let clockOffset = 0;
const repoId = "alice/xet-down";
const mixedRepo = "alice/xet-mixed";
// More than one xorb holds (64 MiB): two xorbs, two terms.
const large = randomBytes(68 * MB);
const small = randomBytes(3 * MB + 17);
const rotten = randomBytes(2 * MB);
const lfsBytes = randomBytes(2 * MB + 3);
const readme = "# mixed\n\nXet, LFS and plain files.\n";
/** Text-like bytes (LZ4 shrinks them) then smooth float32 samples (byte grouping, BG4, shrinks them more). */
function compressible(): Uint8Array {
  const words = ["weights", "tensor", "layer", "attention", "bias", "norm", "embedding", "head"];
  const text = Array.from({ length: 300_000 }, (_, index) => words[(index * 7 + (index >> 5)) % words.length]).join(" ");
  const floats = new Float32Array(600_000).map((_, index) => Math.sin(index / 50) * 0.02 + ((index * 2654435761) % 1000) * 1e-7);
  const textBytes = new TextEncoder().encode(text);
  const bytes = new Uint8Array(textBytes.length + floats.byteLength);
  bytes.set(textBytes, 0);
  bytes.set(new Uint8Array(floats.buffer), textBytes.length);
  return bytes;
}
const packed = compressible();
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-xet-down-data-"));
  work = await mkdtemp(join(tmpdir(), "hub-xet-down-"));
  hub = await startTestServer({ dataDir, xet: true, clock: () => Date.now() + clockOffset });
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId });
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: mixedRepo });
  await putFiles(hub, repoId, { "large.bin": large, "small.bin": small, "rotten.bin": rotten, "packed.bin": packed }, { useXet: true });
  await putFiles(hub, mixedRepo, { "model.bin": small }, { useXet: true });
  await putFiles(hub, mixedRepo, { "lfs.bin": lfsBytes, "README.md": readme });
  // The official client chunks and hashes 70 MB in about 20 s on an idle machine; more on a busy one.
}, 600_000);
afterAll(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await hub?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const stats = () => ({ ...hub.server.context.xet.stats });
const base = () => ({ accessToken: hub.tokens.alice, hubUrl: hub.url });
let cacheCount = 0;
const freshCache = () => join(work, `cache-${cacheCount++}`);

describe("getFileMetadata", () => {
  it("reports the Xet hash and the Xet links of a Xet file, the same hash as the tree listing; none for other files", async () => {
    const metadata = await getFileMetadata({ ...base(), repoId, path: "small.bin" });
    expect(metadata.xetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(metadata.etag).toBe(sha256(small));
    expect(metadata.xet?.authUrl).toMatch(new RegExp(`^${hub.url}/api/models/${repoId}/xet-read-token/[0-9a-f]{40}$`));
    expect(metadata.xet?.reconstructionUrl).toBe(`${hub.url}/v1/reconstructions/${metadata.xetHash}`);
    const tree = await collect(listRepoTree({ ...base(), repoId }));
    expect(tree.find((entry) => entry.path === "small.bin")).toMatchObject({ xetHash: metadata.xetHash });
    const lfs = await getFileMetadata({ ...base(), repoId: mixedRepo, path: "lfs.bin" });
    expect(lfs.xetHash).toBeUndefined();
    expect(lfs.xet).toBeUndefined();
    const plain = await getFileMetadata({ ...base(), repoId: mixedRepo, path: "README.md" });
    expect(plain.xetHash).toBeUndefined();
  });
});

describe("downloadFileToCacheDir of a Xet file", () => {
  it("rebuilds a two-xorb file by reconstruction (V2), byte for byte, into the Python cache layout, never through the bridge", async () => {
    const recorder = recordingFetch();
    const authorizations: { path: string; authorization: string | null }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      authorizations.push({ path: new URL(request.url).pathname, authorization: request.headers.get("authorization") });
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const cacheDir = freshCache();
    const before = stats();
    const progress: FileProgress[] = [];
    const pointer = await downloadFileToCacheDir({
      ...base(),
      fetch,
      repoId,
      path: "large.bin",
      cacheDir,
      onProgress: (update) => progress.push({ ...update }),
    });
    const paths = repoCachePaths(cacheDir, "model", repoId);
    const commit = (await readFile(paths.ref("main"), "utf8")).trim();
    expect(pointer).toBe(paths.pointer(commit, "large.bin"));
    expect(await readlink(pointer)).toBe(`../../blobs/${sha256(large)}`);
    expect(sha256(await readFile(paths.blob(sha256(large))))).toBe(sha256(large));
    const seen = requestKinds(recorder.requests);
    expect(seen.resolveGets).toBe(0);
    expect(seen.v2).toBeGreaterThanOrEqual(1);
    expect(seen.data).toBeGreaterThanOrEqual(2);
    expect(stats().reconstructions - before.reconstructions).toBe(1);
    // Progress counts file bytes, and ends at the size.
    expect(progress.at(-1)).toMatchObject({ bytes: large.length, size: large.length, resumedBytes: 0 });
    expect(recorder.received).toBeLessThan(large.length + MB);
    // The Hub token goes to the Hub only: a CAS token to the CAS, nothing to the signed data URLs.
    const hubBearer = `Bearer ${hub.tokens.alice}`;
    for (const { path, authorization } of authorizations) {
      if (path.startsWith("/xet-data/")) expect(authorization, path).toBeNull();
      else if (path.includes("/reconstructions/")) expect(authorization, path).toMatch(/^Bearer (?!hf_)/);
      else expect(authorization, path).toBe(hubBearer);
    }
  }, 300_000);

  it("decodes LZ4 and BG4 chunks (a compressible file, as the official client compressed it)", async () => {
    const metadata = await getFileMetadata({ ...base(), repoId, path: "packed.bin" });
    const file = hub.server.context.db.prepare("SELECT terms FROM xet_files WHERE hash = ?").get(metadata.xetHash) as { terms: string };
    const schemes = new Set<string>();
    for (const term of JSON.parse(file.terms) as Array<{ xorb: string }>) {
      const xorb = hub.server.context.db.prepare("SELECT blob_sha256 FROM xet_xorbs WHERE hash = ?").get(term.xorb) as {
        blob_sha256: string;
      };
      for (const record of readChunkRecords(await hub.server.context.blobs.readBytes(xorb.blob_sha256))) schemes.add(record.compression);
    }
    expect([...schemes].sort()).toEqual(expect.arrayContaining(["bg4-lz4", "lz4"]));
    const pointer = await downloadFileToCacheDir({ ...base(), repoId, path: "packed.bin", cacheDir: freshCache() });
    expect(sha256(await readFile(pointer))).toBe(sha256(packed));
  });

  it("re-fetches signed URLs that expire mid-download by asking the reconstruction again, without starting over", async () => {
    const cacheDir = freshCache();
    const recorder = recordingFetch();
    let moved = false;
    // After the first xorb range starts arriving, two hours pass: the other URLs and the read token expire.
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await recorder(input, init);
      if (!moved && new URL(new Request(input, init).url).pathname.startsWith("/xet-data/")) {
        moved = true;
        clockOffset += 2 * 3600 * 1000;
      }
      return response;
    }) as typeof globalThis.fetch;
    const before = stats();
    try {
      const pointer = await downloadFileToCacheDir({ ...base(), fetch, repoId, path: "large.bin", cacheDir, segments: 1 });
      expect(sha256(await readFile(pointer))).toBe(sha256(large));
    } finally {
      clockOffset = 0;
    }
    expect(moved).toBe(true);
    const seen = requestKinds(recorder.requests);
    // The first reconstruction, then one more for fresh URLs (after a new token).
    expect(stats().reconstructions - before.reconstructions).toBe(2);
    expect(seen.tokens).toBe(2);
    expect(seen.resolveGets).toBe(0);
    // The first range was not fetched again.
    expect(recorder.received).toBeLessThan(large.length + MB);
  }, 300_000);

  it("resumes after an abort from the complete prefix kept in .incomplete", async () => {
    const cacheDir = freshCache();
    const controller = new AbortController();
    const aborted = downloadFileToCacheDir({
      ...base(),
      repoId,
      path: "large.bin",
      cacheDir,
      segments: 1,
      signal: controller.signal,
      onProgress: (update) => {
        if (update.bytes >= 30 * MB) controller.abort(new Error("stop here"));
      },
    });
    await expect(aborted).rejects.toThrow("stop here");
    const paths = repoCachePaths(cacheDir, "model", repoId);
    const incomplete = `${paths.blob(sha256(large))}.incomplete`;
    const kept = await readFile(incomplete);
    expect(kept.length).toBeGreaterThan(10 * MB);
    expect(kept.equals(large.subarray(0, kept.length))).toBe(true);
    const fetch = recordingFetch();
    const progress: FileProgress[] = [];
    const pointer = await downloadFileToCacheDir({
      ...base(),
      fetch,
      repoId,
      path: "large.bin",
      cacheDir,
      onProgress: (update) => progress.push({ ...update }),
    });
    expect(sha256(await readFile(pointer))).toBe(sha256(large));
    expect(progress.at(-1)).toMatchObject({ bytes: large.length, resumedBytes: kept.length });
    const reconstruction = fetch.requests.find((request) => request.url.includes("/reconstructions/"));
    expect(reconstruction?.range).toBe(`bytes=${kept.length}-${large.length - 1}`);
    // Only the rest (and the chunk the offset falls in) came over the wire.
    expect(fetch.received).toBeLessThan(large.length - kept.length + MB);
  }, 300_000);

  it("resumes after the process downloading it is killed (SIGKILL)", async () => {
    const cacheDir = freshCache();
    const options = JSON.stringify({ ...base(), repoId, path: "large.bin", cacheDir, segments: 2 });
    const script = `const { downloadFileToCacheDir } = await import(${JSON.stringify(distNode)});
      await downloadFileToCacheDir({ ...${options}, onProgress: (p) => { if (p.bytes >= ${40 * MB}) { process.stdout.write("far\\n"); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000); } } });`;
    // Once far enough, the child freezes (it cannot finish before the kill lands) and is killed.
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("far") && resolve());
      child.once("exit", (code) => reject(new Error(`the download exited (${code}) before it was far enough`)));
    });
    child.kill("SIGKILL");
    await once(child, "exit");
    const paths = repoCachePaths(cacheDir, "model", repoId);
    const incomplete = `${paths.blob(sha256(large))}.incomplete`;
    const kept = await readFile(incomplete);
    // Always a prefix of the file, whatever the kill interrupted.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.equals(large.subarray(0, kept.length))).toBe(true);
    const progress: FileProgress[] = [];
    const pointer = await downloadFileToCacheDir({
      ...base(),
      repoId,
      path: "large.bin",
      cacheDir,
      onProgress: (update) => progress.push({ ...update }),
    });
    expect(sha256(await readFile(pointer))).toBe(sha256(large));
    expect(progress.at(-1)?.resumedBytes).toBe(kept.length);
  }, 300_000);

  it("uses the V1 reconstruction when the CAS has no V2, and the bridge when the server serves no read token", async () => {
    const recorder = recordingFetch();
    // A CAS of before the V2 API (404 there), then a Hub that names Xet hashes but has no token route.
    let refuse: RegExp = /^\/v2\/reconstructions\//;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (refuse.test(new URL(new Request(input, init).url).pathname)) return new Response("Not Found", { status: 404 });
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const pointer = await downloadFileToCacheDir({ ...base(), fetch, repoId, path: "small.bin", cacheDir: freshCache() });
    expect(sha256(await readFile(pointer))).toBe(sha256(small));
    const paths = recorder.requests.map((request) => new URL(request.url).pathname);
    expect(paths.filter((path) => path.startsWith("/v1/reconstructions/"))).toHaveLength(1);
    expect(paths.filter((path) => path.startsWith("/xet-data/")).length).toBeGreaterThan(0);
    refuse = /\/xet-read-token\//;
    recorder.requests.length = 0;
    const bridged = await downloadFileToCacheDir({ ...base(), fetch, repoId, path: "small.bin", cacheDir: freshCache() });
    expect(sha256(await readFile(bridged))).toBe(sha256(small));
    expect(requestKinds(recorder.requests)).toMatchObject({ reconstructions: 0, data: 0, resolveGets: 1 });
  });

  it("with useXet: false takes the LFS bridge (no reconstruction)", async () => {
    const fetch = recordingFetch();
    const before = stats();
    const pointer = await downloadFileToCacheDir({ ...base(), fetch, repoId, path: "small.bin", cacheDir: freshCache(), useXet: false });
    expect(sha256(await readFile(pointer))).toBe(sha256(small));
    expect(stats().reconstructions).toBe(before.reconstructions);
    const seen = requestKinds(fetch.requests);
    expect(seen.resolveGets).toBeGreaterThan(0);
    expect(seen.data).toBe(0);
  });

  it("fails on a corrupt chunk and leaves nothing in the cache", async () => {
    const metadata = await getFileMetadata({ ...base(), repoId, path: "rotten.bin" });
    const file = hub.server.context.db.prepare("SELECT terms FROM xet_files WHERE hash = ?").get(metadata.xetHash) as
      { terms: string } | undefined;
    expect(file).toBeDefined();
    const [term] = JSON.parse(file!.terms) as Array<{ xorb: string }>;
    const xorb = hub.server.context.db.prepare("SELECT blob_sha256 FROM xet_xorbs WHERE hash = ?").get(term!.xorb) as {
      blob_sha256: string;
    };
    const blobPath = hub.server.context.blobs.pathOf(xorb.blob_sha256);
    const stored = await readFile(blobPath);
    // A byte inside the first chunk's payload flips on the CAS's disk.
    const damaged = Buffer.from(stored);
    damaged[1000] = (damaged[1000] as number) ^ 0x40;
    await chmod(blobPath, 0o644);
    await writeFile(blobPath, damaged);
    const cacheDir = freshCache();
    try {
      await expect(downloadFileToCacheDir({ ...base(), repoId, path: "rotten.bin", cacheDir })).rejects.toThrow(/rotten\.bin.*corrupt/);
    } finally {
      await writeFile(blobPath, stored);
    }
    const paths = repoCachePaths(cacheDir, "model", repoId);
    const blob = paths.blob(sha256(rotten));
    for (const leftover of [blob, `${blob}.incomplete`, `${blob}.hub-sdk.part`]) await expect(stat(leftover)).rejects.toThrow();
    const commit = (await readFile(paths.ref("main"), "utf8")).trim();
    await expect(stat(paths.pointer(commit, "rotten.bin"))).rejects.toThrow();
    // The same download works once the CAS holds the right bytes again.
    expect(sha256(await readFile(await downloadFileToCacheDir({ ...base(), repoId, path: "rotten.bin", cacheDir })))).toBe(sha256(rotten));
  });
});

describe("snapshotDownload", () => {
  it("downloads a repo mixing Xet, LFS and plain files: the Xet one by reconstruction, the others through resolve", async () => {
    const fetch = recordingFetch();
    const before = stats();
    const folder = await snapshotDownload({ ...base(), fetch, repoId: mixedRepo, cacheDir: freshCache() });
    expect(sha256(await readFile(join(folder, "model.bin")))).toBe(sha256(small));
    expect(sha256(await readFile(join(folder, "lfs.bin")))).toBe(sha256(lfsBytes));
    expect(await readFile(join(folder, "README.md"), "utf8")).toBe(readme);
    expect(stats().reconstructions - before.reconstructions).toBe(1);
    const gets = fetch.requests
      .filter((request) => request.method === "GET" && request.url.includes("/resolve/"))
      .map((request) => request.url);
    expect(gets.some((url) => url.endsWith("/lfs.bin"))).toBe(true);
    expect(gets.some((url) => url.endsWith("/README.md"))).toBe(true);
    expect(gets.some((url) => url.endsWith("/model.bin"))).toBe(false);
    // No HEAD per file: the listing's xetHash and sha256 are enough.
    expect(fetch.requests.filter((request) => request.method === "HEAD")).toHaveLength(0);
  });

  it("into a local folder too, and with useXet: false through the bridge", async () => {
    const localDir = join(work, "local");
    const first = await snapshotDownload({ ...base(), repoId: mixedRepo, localDir });
    expect(sha256(await readFile(join(first, "model.bin")))).toBe(sha256(small));
    const before = stats();
    const folder = await snapshotDownload({ ...base(), repoId: mixedRepo, cacheDir: freshCache(), useXet: false });
    expect(sha256(await readFile(join(folder, "model.bin")))).toBe(sha256(small));
    expect(stats().reconstructions).toBe(before.reconstructions);
  });
});

describe("under injected faults (resets, stalls, 5xx, 429, cut bodies)", () => {
  // Seeds whose faults fall on the Xet requests (the first five requests are the repo info, the tree, the token and the reconstructions).
  for (const seed of [1, 3]) {
    it(`a Xet snapshot finishes with every byte right (seed ${seed})`, async () => {
      const faulty = await startTestServer({
        dataDir,
        xet: true,
        faults: { rate: 0.25, seed, stallMs: 4_000, retryAfterSeconds: 0 },
      });
      try {
        const folder = await snapshotDownload({
          accessToken: faulty.tokens.alice,
          hubUrl: faulty.url,
          repoId,
          // Files of a few MB: the test server reads a whole xorb per range request, slow for 64 MiB ones on a loaded machine.
          allowPatterns: ["small.bin", "packed.bin"],
          cacheDir: freshCache(),
          stallTimeout: 1_500,
          timeout: 10_000,
          retry: { attempts: 8, baseDelay: 20, maxDelay: 2_000 },
        });
        expect(sha256(await readFile(join(folder, "small.bin")))).toBe(sha256(small));
        expect(sha256(await readFile(join(folder, "packed.bin")))).toBe(sha256(packed));
        expect(faulty.server.context.xet.stats.reconstructions).toBeGreaterThanOrEqual(2);
        // Faults hit the Xet requests themselves (tokens, reconstructions, xorb ranges).
        expect(
          faulty.server.faults!.log.filter((fault) => /^\/(xet-data|v[12]\/reconstructions)\/|\/xet-read-token\//.test(fault.path)).length,
        ).toBeGreaterThan(0);
      } finally {
        await faulty.close();
      }
    }, 300_000);
  }
});
