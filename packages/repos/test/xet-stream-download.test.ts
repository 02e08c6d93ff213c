import { createHash, randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { HubError, HubHttpError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, downloadFile, getFileMetadata } from "../src/index.ts";
import { putFiles, recordingFetch, requestKinds } from "./helpers.ts";

// downloadFile of the main entry (web APIs only) on Xet-stored files: the body is rebuilt from the
// CAS as a stream. Files are uploaded by the official client with useXet: true; `twice.bin` repeats
// `a.bin` (uploaded before it) around new bytes, so its reconstruction has three terms over two
// xorbs, one xorb range serving two of them (the first and the last).

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let hub: TestServer;
/** The server's clock: a test moves it to make signed URLs and tokens expire. */
let clockOffset = 0;
const repoId = "alice/xet-stream";
const a = randomBytes(3_000_000);
const fresh = randomBytes(1_000_000);
const twice = Buffer.concat([a, fresh, a]);
const rotten = randomBytes(1_500_000);
// Above the 16 MiB look-ahead of the stream.
const big = randomBytes(30_000_000);
const MiB = 1024 * 1024;
const lfsBytes = randomBytes(1_000_003);
const readme = "# stream\n\nXet, LFS and plain files.\n";

beforeAll(async () => {
  hub = await startTestServer({ xet: true, clock: () => Date.now() + clockOffset });
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId });
  await putFiles(hub, repoId, { "a.bin": a, "rotten.bin": rotten, "big.bin": big }, { useXet: true });
  // A second upload: the global dedup finds a.bin's chunks, so twice.bin reuses a.bin's xorb.
  await putFiles(hub, repoId, { "twice.bin": twice }, { useXet: true });
  await putFiles(hub, repoId, { "lfs.bin": lfsBytes, "README.md": readme });
}, 300_000);
afterAll(async () => {
  await hub?.close();
});

const stats = () => ({ ...hub.server.context.xet.stats });
const base = () => ({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId });

function termsOf(xetHash: string): Array<{ xorb: string; rawBytes: number }> {
  const row = hub.server.context.db.prepare("SELECT terms FROM xet_files WHERE hash = ?").get(xetHash) as { terms: string };
  return JSON.parse(row.terms) as Array<{ xorb: string; rawBytes: number }>;
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe("downloadFile of a Xet file (main entry)", () => {
  it("is seeded with a file of three terms over two xorbs", async () => {
    const metadata = await getFileMetadata({ ...base(), path: "twice.bin" });
    const terms = termsOf(metadata.xetHash!);
    expect(terms).toHaveLength(3);
    expect(new Set(terms.map((term) => term.xorb)).size).toBe(2);
    expect(terms[0]!.xorb).toBe(terms[2]!.xorb);
  });

  it("rebuilds the whole file from the CAS, with the bridge's headers, never sending the Hub token to the CAS", async () => {
    const recorder = recordingFetch();
    const authorizations: { path: string; authorization: string | null }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      authorizations.push({ path: new URL(request.url).pathname, authorization: request.headers.get("authorization") });
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const before = stats();
    const response = await downloadFile({ ...base(), fetch, path: "twice.bin" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(twice.length));
    expect(response.headers.get("content-range")).toBeNull();
    expect(response.headers.get("etag")).toBe(`"${sha256(twice)}"`);
    expect(response.headers.get("x-linked-size")).toBe(String(twice.length));
    expect(response.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
    expect(response.headers.get("x-xet-hash")).toMatch(/^[0-9a-f]{64}$/);
    expect(response.url).toBe(`${hub.url}/${repoId}/resolve/main/twice.bin`);
    expect(sha256(await bytesOf(response))).toBe(sha256(twice));
    const seen = requestKinds(recorder.requests);
    // One GET on resolve (the file info, no bytes), one reconstruction, one data URL per xorb range.
    expect(seen).toMatchObject({ resolveGets: 1, reconstructions: 1, tokens: 1, data: 2 });
    expect(stats().reconstructions - before.reconstructions).toBe(1);
    // a.bin's xorb range is fetched once although two terms use it.
    expect(recorder.received).toBeLessThan(twice.length - a.length + 500_000);
    const hubBearer = `Bearer ${hub.tokens.alice}`;
    for (const { path, authorization } of authorizations) {
      if (path.startsWith("/xet-data/")) expect(authorization, path).toBeNull();
      else if (path.includes("/reconstructions/")) expect(authorization, path).toMatch(/^Bearer (?!hf_)/);
      else expect(authorization, path).toBe(hubBearer);
    }
  });

  it("answers ranges crossing term boundaries with 206 and exactly those bytes", async () => {
    const metadata = await getFileMetadata({ ...base(), path: "twice.bin" });
    const [first, second] = termsOf(metadata.xetHash!).map((term) => term.rawBytes) as [number, number, number];
    const ranges = [
      // Inside the first term, from the middle of a chunk.
      { start: 12_345, end: 99_999 },
      // Over both boundaries: the end of term 0, all of term 1, the start of term 2.
      { start: first - 70_001, end: first + second + 4_321 },
      // From the middle of term 1 to the end (an end past the file is cut to it).
      { start: first + 10, end: twice.length + 5_000 },
      { start: twice.length - 1 },
    ];
    for (const range of ranges) {
      const response = await downloadFile({ ...base(), path: "twice.bin", range });
      const last = Math.min(range.end ?? twice.length - 1, twice.length - 1);
      expect(response.status).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${range.start}-${last}/${twice.length}`);
      expect(response.headers.get("content-length")).toBe(String(last - range.start + 1));
      expect((await bytesOf(response)).equals(twice.subarray(range.start, last + 1)), JSON.stringify(range)).toBe(true);
    }
    const error = await downloadFile({ ...base(), path: "twice.bin", range: { start: twice.length } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubHttpError);
    expect((error as HubHttpError).status).toBe(416);
  });

  it("renews signed URLs and the read token that expire mid-stream, without fetching again what it had", async () => {
    const recorder = recordingFetch();
    let firstData: Promise<unknown> | undefined;
    // The first xorb range answers, then two hours pass before the other range's request reaches the
    // server: its URL and the read token have expired by then.
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!new URL(new Request(input, init).url).pathname.startsWith("/xet-data/")) return recorder(input, init);
      if (!firstData) {
        firstData = recorder(input, init).then((response) => {
          clockOffset += 2 * 3600 * 1000;
          return response;
        });
        return firstData;
      }
      await firstData;
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const before = stats();
    try {
      const response = await downloadFile({ ...base(), fetch, path: "twice.bin" });
      expect(sha256(await bytesOf(response))).toBe(sha256(twice));
    } finally {
      clockOffset = 0;
    }
    const seen = requestKinds(recorder.requests);
    expect(stats().reconstructions - before.reconstructions).toBe(2);
    expect(seen.tokens).toBe(2);
    // Two ranges, one of them asked twice (refused, then with its fresh URL).
    expect(seen.data).toBe(3);
    expect(recorder.received).toBeLessThan(twice.length - a.length + 500_000);
  });

  it("holds at most the look-ahead while the reader does not read, and goes on when it reads again", async () => {
    const recorder = recordingFetch();
    const response = await downloadFile({ ...base(), fetch: recorder, path: "big.bin" });
    const reader = response.body!.getReader();
    const pieces: Uint8Array[] = [(await reader.read()).value!];
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    // The reader pauses: the download runs ahead to the look-ahead (16 MiB of decoded bytes)...
    while (recorder.received < 16 * MiB) await turn();
    // ...and no further, however long it is given (a batch and a chunk record in flight at most).
    for (let index = 0; index < 500; index++) await turn();
    expect(recorder.received).toBeLessThan(16 * MiB + 2 * MiB);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces.push(value);
    }
    expect(sha256(Buffer.concat(pieces))).toBe(sha256(big));
    expect(recorder.received).toBeGreaterThanOrEqual(big.length);
  });

  it("stops on abort: the body errors with the signal's reason", async () => {
    const controller = new AbortController();
    const response = await downloadFile({ ...base(), path: "twice.bin", signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort(new Error("stop here"));
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "complete";
      })(),
    ).rejects.toThrow("stop here");
    const early = new AbortController();
    early.abort(new Error("not even started"));
    await expect(downloadFile({ ...base(), path: "twice.bin", signal: early.signal })).rejects.toThrow("not even started");
  });

  it("stops every request when the reader cancels the body", async () => {
    const recorder = recordingFetch();
    const dataSignals: AbortSignal[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      // The signal the SDK gave (a Request's own copy follows it only while that Request lives).
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      if (new URL(new Request(input, init).url).pathname.startsWith("/xet-data/") && signal) dataSignals.push(signal);
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const response = await downloadFile({ ...base(), fetch, path: "big.bin" });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(dataSignals.length).toBeGreaterThan(0);
    expect(dataSignals.some((signal) => signal.aborted)).toBe(false);
    await reader.cancel();
    await expect(reader.closed).resolves.toBeUndefined();
    // The xorb range requests in flight are aborted; given every chance to go on, nothing more is asked for.
    expect(dataSignals.every((signal) => signal.aborted)).toBe(true);
    const requests = recorder.requests.length;
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let index = 0; index < 200; index++) await turn();
    expect(recorder.requests).toHaveLength(requests);
  });

  it("with useXet: false takes the bridge (the resolve answer itself, no reconstruction)", async () => {
    const recorder = recordingFetch();
    const before = stats();
    const whole = await downloadFile({ ...base(), fetch: recorder, path: "twice.bin", useXet: false });
    expect(sha256(await bytesOf(whole))).toBe(sha256(twice));
    const part = await downloadFile({ ...base(), fetch: recorder, path: "twice.bin", useXet: false, range: { start: 10, end: 19 } });
    expect(part.status).toBe(206);
    expect((await bytesOf(part)).equals(twice.subarray(10, 20))).toBe(true);
    expect(stats().reconstructions).toBe(before.reconstructions);
    expect(requestKinds(recorder.requests)).toMatchObject({ resolveGets: 2, reconstructions: 0, data: 0, tokens: 0 });
  });

  it("serves files not in Xet as before: one request, the Hub's answer", async () => {
    for (const [path, expected] of [
      ["lfs.bin", lfsBytes],
      ["README.md", Buffer.from(readme)],
    ] as const) {
      const recorder = recordingFetch();
      const response = await downloadFile({ ...base(), fetch: recorder, path });
      expect((await bytesOf(response)).equals(expected)).toBe(true);
      expect(recorder.requests).toHaveLength(1);
      expect(response.headers.get("x-xet-hash")).toBeNull();
    }
    const raw = await downloadFile({ ...base(), path: "twice.bin", raw: true });
    expect(await raw.text()).toContain(`oid sha256:${sha256(twice)}`);
  });

  it("takes the bridge when the server names the Xet file but serves no read token", async () => {
    const recorder = recordingFetch();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (new URL(new Request(input, init).url).pathname.includes("/xet-read-token/")) return new Response("Not Found", { status: 404 });
      return recorder(input, init);
    }) as typeof globalThis.fetch;
    const response = await downloadFile({ ...base(), fetch, path: "a.bin" });
    expect(sha256(await bytesOf(response))).toBe(sha256(a));
    // The file info, then the bridge.
    expect(requestKinds(recorder.requests)).toMatchObject({ resolveGets: 2, reconstructions: 0, data: 0 });
  });

  it("errors the body on a corrupt chunk instead of passing the bytes off as the file", async () => {
    const metadata = await getFileMetadata({ ...base(), path: "rotten.bin" });
    const [term] = termsOf(metadata.xetHash!);
    const xorb = hub.server.context.db.prepare("SELECT blob_sha256 FROM xet_xorbs WHERE hash = ?").get(term!.xorb) as {
      blob_sha256: string;
    };
    const blobPath = hub.server.context.blobs.pathOf(xorb.blob_sha256);
    const stored = await readFile(blobPath);
    // A payload byte (random data: a chunk stored uncompressed) flips on the CAS's disk.
    const damaged = Buffer.from(stored);
    damaged[1000] = (damaged[1000] as number) ^ 0x40;
    await chmod(blobPath, 0o644);
    await writeFile(blobPath, damaged);
    try {
      const response = await downloadFile({ ...base(), path: "rotten.bin" });
      const error = await response.arrayBuffer().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HubError);
      expect((error as Error).message).toMatch(/rotten\.bin is corrupt: content hash/);
      // A record whose length field is broken cannot be decoded at all.
      const broken = Buffer.from(stored);
      broken[1] = 0xff;
      broken[2] = 0xff;
      broken[3] = 0x7f;
      await writeFile(blobPath, broken);
      const cut = await downloadFile({ ...base(), path: "rotten.bin", range: { start: 0, end: 9 } });
      await expect(cut.arrayBuffer()).rejects.toThrow(/rotten\.bin is corrupt/);
    } finally {
      await writeFile(blobPath, stored);
    }
    const healed = await downloadFile({ ...base(), path: "rotten.bin" });
    expect(sha256(await bytesOf(healed))).toBe(sha256(rotten));
  });
});
