import { createHash, randomBytes } from "node:crypto";
import { downloadFile as officialDownload, uploadFiles as officialUpload } from "@huggingface/hub";
import { downloadFile } from "@hub/repos";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retrySettings } from "@hub/core/internal";
import { toByteSource } from "../src/byte-source.ts";
import { type CommitOperation, type CommitProgressEvent, createCommit } from "../src/index.ts";
import { ProgressReporter } from "../src/progress.ts";
import { XetWriteToken } from "../src/xet-token.ts";
import { uploadXetFiles } from "../src/xet-upload.ts";
import {
  type AliceOptions,
  createTestRepo,
  generatedBytes,
  generatedSource,
  recordingFetch,
  remoteDigest,
  type SeenRequest,
  startAliceServer,
} from "./helpers.ts";

// Uploads through Xet (on by default in the server): our SDK against the server's CAS, and the official
// client (@huggingface/hub 2.17.5, useXet: true) reading what we wrote and the reverse.

let hub: TestServer;
let alice: AliceOptions;
const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const stats = () => ({ ...hub.server.context.xet.stats });
const casRequests = (requests: SeenRequest[], path: string, method = "POST") =>
  requests.filter((request) => request.method === method && new URL(request.url).pathname.startsWith(path));

/** Random bytes with a NUL first: the server takes them as an LFS file. */
function binary(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  if (size > 0) bytes[0] = 0;
  return bytes;
}

async function readBack(repoId: string, path: string): Promise<Uint8Array> {
  const response = await downloadFile({ ...alice, repoId, path });
  return new Uint8Array(await response.arrayBuffer());
}

async function officialRead(repoId: string, path: string): Promise<Uint8Array> {
  const blob = await officialDownload({
    repo: { type: "model", name: repoId },
    path,
    credentials: { accessToken: alice.accessToken },
    hubUrl: hub.url,
  });
  return new Uint8Array(await blob!.arrayBuffer());
}

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
});
afterAll(() => hub.close());

describe("createCommit through Xet", () => {
  it("uploads chunks in xorbs and a shard (no LFS PUT), and both SDKs read the bytes back", async () => {
    await createTestRepo(hub, "xet-basic");
    const big = binary(3 * MiB + 7);
    const small = binary(5_000);
    const fetch = recordingFetch();
    const before = stats();
    const events: CommitProgressEvent[] = [];
    await createCommit({
      ...alice,
      fetch,
      repoId: "alice/xet-basic",
      operations: [
        { operation: "add", pathInRepo: "big.bin", content: big },
        { operation: "add", pathInRepo: "small.bin", content: small },
        { operation: "add", pathInRepo: "README.md", content: new TextEncoder().encode("# hello\n") },
      ],
      commitMessage: "Xet upload",
      onProgress: (event) => events.push(event),
    });
    expect(fetch.requests.filter((request) => request.url.includes("/lfs-storage/"))).toHaveLength(0);
    // Both files share one xorb; one shard registers them.
    expect(casRequests(fetch.requests, "/v1/xorbs/")).toHaveLength(1);
    expect(casRequests(fetch.requests, "/v1/shards")).toHaveLength(1);
    expect(stats().xorbsReceived - before.xorbsReceived).toBe(1);
    // The CAS token never goes to the Hub's API, nor the Hub token to the CAS routes.
    for (const request of fetch.requests.filter((seen) => new URL(seen.url).pathname.startsWith("/v1/")))
      expect(request.authorization).toMatch(/^Bearer xet_/);

    // Progress: every step of a Xet upload, with the files' real byte counts.
    const last = (step: string, path: string) => events.filter((event) => event.step === step && event.path === path).at(-1);
    expect(last("xetChunk", "big.bin")).toMatchObject({ phase: "chunking", fileBytes: big.byteLength, fileSize: big.byteLength });
    expect(last("uploadXorbs", "big.bin")).toMatchObject({ phase: "uploading", fileBytes: big.byteLength });
    expect(last("uploadShard", "small.bin")).toMatchObject({ phase: "uploading", fileBytes: small.byteLength });
    expect(events.filter((event) => event.phase === "uploading").at(-1)?.totalBytes).toBe(
      big.byteLength + small.byteLength + "# hello\n".length,
    );

    expect(sha256(await readBack("alice/xet-basic", "big.bin"))).toBe(sha256(big));
    expect(sha256(await readBack("alice/xet-basic", "small.bin"))).toBe(sha256(small));
    expect(sha256(await officialRead("alice/xet-basic", "big.bin"))).toBe(sha256(big));
    // The server answers Xet-aware clients with the file's Xet hash.
    const head = await fetch(`${hub.url}/alice/xet-basic/resolve/main/big.bin`, { method: "HEAD", redirect: "manual" });
    expect(head.headers.get("x-xet-hash")).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it("reads what the official client uploaded with useXet: true", async () => {
    await createTestRepo(hub, "xet-official");
    // Fixed bytes: the official client cuts chunks by the older boundary rule, so how many of its chunks
    // match ours depends on the data (here most of them).
    const bytes = generatedBytes(5, 0, 2 * MiB + 3);
    bytes[0] = 0;
    await officialUpload({
      repo: { type: "model", name: "alice/xet-official" },
      credentials: { accessToken: alice.accessToken },
      hubUrl: hub.url,
      files: [{ path: "theirs.bin", content: new Blob([bytes as BlobPart]) }],
      useXet: true,
    });
    expect(sha256(await readBack("alice/xet-official", "theirs.bin"))).toBe(sha256(bytes));
    // And our upload of the same bytes elsewhere dedups against theirs: only the chunks cut differently are sent.
    await createTestRepo(hub, "xet-official-copy");
    const fetch = recordingFetch();
    await createCommit({
      ...alice,
      fetch,
      repoId: "alice/xet-official-copy",
      operations: [{ operation: "add", pathInRepo: "ours.bin", content: bytes }],
      commitMessage: "Same bytes",
    });
    const sent = casRequests(fetch.requests, "/v1/xorbs/").reduce((total, request) => total + request.sent, 0);
    expect(casRequests(fetch.requests, "/v1/chunks/", "GET")).toHaveLength(1);
    expect(sent).toBeLessThan(bytes.byteLength / 2);
    expect(sha256(await readBack("alice/xet-official-copy", "ours.bin"))).toBe(sha256(bytes));
  }, 120_000);

  it("re-uploads a file with 1% of its bytes changed in 10 places by sending a small share of it", async () => {
    await createTestRepo(hub, "xet-edit");
    const size = 24 * MiB;
    const original = generatedBytes(7, 0, size);
    await createCommit({
      ...alice,
      repoId: "alice/xet-edit",
      operations: [{ operation: "add", pathInRepo: "model.bin", content: original }],
      commitMessage: "v1",
    });
    const edited = original.slice();
    const editLength = Math.floor(size / 100 / 10);
    for (let place = 0; place < 10; place++) {
      const start = Math.floor(((place + 0.5) * size) / 10);
      edited.set(generatedBytes(100 + place, 0, editLength), start);
    }
    const before = stats();
    const events: CommitProgressEvent[] = [];
    await createCommit({
      ...alice,
      repoId: "alice/xet-edit",
      operations: [{ operation: "add", pathInRepo: "model.bin", content: edited }],
      commitMessage: "v2",
      onProgress: (event) => events.push(event),
    });
    const sent = stats().xorbBytesReceived - before.xorbBytesReceived;
    const share = sent / size;
    console.log(`Xet re-upload of ${size} bytes with 1% changed in 10 places: ${sent} xorb bytes sent (${(share * 100).toFixed(2)}%)`);
    expect(share).toBeLessThan(0.1);
    // The progress events say the same: most of the file is skipped, not sent.
    const sentInEvents = events
      .filter((event) => event.step === "uploadXorbs" && !event.skipped)
      .reduce((max, event) => Math.max(max, event.fileBytes), 0);
    expect(sentInEvents).toBeLessThan(size * 0.1);
    expect(sha256(await readBack("alice/xet-edit", "model.bin"))).toBe(sha256(edited));
    expect(sha256(await officialRead("alice/xet-edit", "model.bin"))).toBe(sha256(edited));
  }, 300_000);

  it("after an abort mid-upload, the retry does not send the xorbs already stored", async () => {
    await createTestRepo(hub, "xet-resume");
    // Two xorbs (64 MiB of new chunks each at most).
    const size = 70 * MiB;
    const source = generatedSource(size, 11);
    const controller = new AbortController();
    // Aborted as soon as the CAS has stored the first xorb (sent while the second fills).
    const stored = new Set<string>();
    const first = recordingFetch((request, response) => {
      if (request.method !== "POST" || !request.url.includes("/v1/xorbs/") || !response.ok) return;
      stored.add(request.url);
      controller.abort();
    });
    const aborted = await createCommit({
      ...alice,
      fetch: first,
      signal: controller.signal,
      repoId: "alice/xet-resume",
      operations: [{ operation: "add", pathInRepo: "large.bin", content: source }],
      commitMessage: "Large",
    }).catch((caught: unknown) => caught);
    expect(aborted).toMatchObject({ name: "AbortError" });
    expect(first.requests.some((request) => request.url.includes("/commit/"))).toBe(false);
    expect(stored.size).toBeGreaterThanOrEqual(1);

    const second = recordingFetch();
    await createCommit({
      ...alice,
      fetch: second,
      repoId: "alice/xet-resume",
      operations: [{ operation: "add", pathInRepo: "large.bin", content: source }],
      commitMessage: "Large",
    });
    const resent = casRequests(second.requests, "/v1/xorbs/").filter((request) => stored.has(request.url));
    // A xorb fully stored by the first run is asked about (HEAD), not sent again.
    const headed = casRequests(second.requests, "/v1/xorbs/", "HEAD").map((request) => request.url);
    expect(headed.filter((url) => stored.has(url))).toHaveLength(stored.size);
    expect(resent).toHaveLength(0);
    expect(await remoteDigest(hub, "alice/xet-resume", "main", "large.bin")).toEqual({
      sha256: sha256(generatedBytes(11, 0, size)),
      size,
    });
  }, 300_000);

  it("handles a file of exactly one chunk, an empty file (sent inline) and many small files in one commit", async () => {
    await createTestRepo(hub, "xet-small");
    // 128 KiB of one value: one chunk, cut at the maximum chunk size.
    const oneChunk = new Uint8Array(128 * 1024).fill(0);
    const files: Record<string, Uint8Array> = { "one-chunk.bin": oneChunk, "empty.bin": new Uint8Array(0) };
    for (let index = 0; index < 40; index++) files[`many/${index}.bin`] = binary(3_000 + index * 1_000);
    const fetch = recordingFetch();
    const operations: CommitOperation[] = Object.entries(files).map(([pathInRepo, content]) => ({ operation: "add", pathInRepo, content }));
    await createCommit({ ...alice, fetch, repoId: "alice/xet-small", operations, commitMessage: "Small ones" });
    expect(casRequests(fetch.requests, "/v1/xorbs/")).toHaveLength(1);
    expect(casRequests(fetch.requests, "/v1/shards")).toHaveLength(1);
    for (const [path, bytes] of Object.entries(files)) expect(sha256(await readBack("alice/xet-small", path)), path).toBe(sha256(bytes));
    expect(sha256(await officialRead("alice/xet-small", "one-chunk.bin"))).toBe(sha256(oneChunk));
    // The same files in another repo: the first dedup answers list the xorb holding them all (the
    // queries run 8 at a time, and stop once an answer covers the next file), so nothing is sent.
    await createTestRepo(hub, "xet-small-again");
    const again = recordingFetch();
    await createCommit({ ...alice, fetch: again, repoId: "alice/xet-small-again", operations, commitMessage: "Same ones" });
    expect(casRequests(again.requests, "/v1/chunks/", "GET").length).toBeGreaterThanOrEqual(1);
    expect(casRequests(again.requests, "/v1/xorbs/")).toHaveLength(0);
    expect(sha256(await readBack("alice/xet-small-again", "many/7.bin"))).toBe(sha256(files["many/7.bin"]!));
  }, 120_000);

  it("registers an empty file through Xet (no chunk, no xorb, the all-zero file hash) that a commit can then name", async () => {
    // Servers send empty files inline, so createCommit never gives Xet one: the Xet step itself is driven here.
    await createTestRepo(hub, "xet-empty");
    const emptySha256 = sha256(new Uint8Array(0));
    const fetch = recordingFetch();
    const options = { ...alice, fetch };
    const file = {
      path: "empty.bin",
      source: toByteSource(new Uint8Array(0)),
      size: 0,
      uploadMode: "lfs",
      remoteOid: undefined,
      bytes: undefined,
      sha256: emptySha256,
    } as const;
    await uploadXetFiles([file], {
      transferOptions: { ...options, accessToken: "", timeout: false },
      retry: retrySettings(undefined),
      token: new XetWriteToken(options, `${hub.url}/api/models/alice/xet-empty/xet-write-token/main`, undefined),
      xorbConcurrency: 1,
      stallTimeout: undefined,
      progress: new ProgressReporter(undefined, []),
    });
    expect(casRequests(fetch.requests, "/v1/xorbs/")).toHaveLength(0);
    expect(casRequests(fetch.requests, "/v1/shards")).toHaveLength(1);
    const lines = [
      { key: "header", value: { summary: "Empty through Xet", description: "" } },
      { key: "lfsFile", value: { path: "empty.bin", algo: "sha256", oid: emptySha256, size: 0 } },
    ];
    const response = await globalThis.fetch(`${hub.url}/api/models/alice/xet-empty/commit/main`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/x-ndjson" },
      body: lines.map((line) => JSON.stringify(line)).join("\n"),
    });
    expect(response.status).toBe(200);
    expect(await readBack("alice/xet-empty", "empty.bin")).toEqual(new Uint8Array(0));
  }, 60_000);

  it("renews a CAS token about to expire through the refresh route the batch named", async () => {
    // Tokens of 30 s: less than the minute of margin, so each CAS call first gets a new one.
    const shortLived = await startTestServer({ xetTokenTtlSeconds: 30 });
    try {
      await createTestRepo(shortLived, "renew");
      const fetch = recordingFetch();
      const bytes = binary(500_000);
      await createCommit({
        accessToken: shortLived.tokens.alice,
        hubUrl: shortLived.url,
        fetch,
        repoId: "alice/renew",
        operations: [{ operation: "add", pathInRepo: "r.bin", content: bytes }],
        commitMessage: "Renewed",
      });
      const renewals = fetch.requests.filter((request) => request.url.includes("/xet-write-token/"));
      expect(renewals.length).toBeGreaterThanOrEqual(1);
      // The refresh route is on the Hub: it gets the Hub token.
      for (const renewal of renewals) expect(renewal.authorization).toBe(`Bearer ${shortLived.tokens.alice}`);
      expect(await remoteDigest(shortLived, "alice/renew", "main", "r.bin")).toEqual({ sha256: sha256(bytes), size: bytes.byteLength });
    } finally {
      await shortLived.close();
    }
  }, 120_000);

  it("uses LFS with useXet: false, and with a server that does not offer Xet", async () => {
    await createTestRepo(hub, "xet-off");
    const bytes = binary(300_000);
    const fetch = recordingFetch();
    await createCommit({
      ...alice,
      fetch,
      useXet: false,
      repoId: "alice/xet-off",
      operations: [{ operation: "add", pathInRepo: "lfs.bin", content: bytes }],
      commitMessage: "LFS",
    });
    expect(fetch.requests.filter((request) => request.url.includes("/lfs-storage/"))).toHaveLength(1);
    expect(casRequests(fetch.requests, "/v1/")).toHaveLength(0);
    const lfsOnly = await startTestServer({ xet: false });
    try {
      await createTestRepo(lfsOnly, "plain");
      const plain = recordingFetch();
      await createCommit({
        accessToken: lfsOnly.tokens.alice,
        hubUrl: lfsOnly.url,
        fetch: plain,
        repoId: "alice/plain",
        operations: [{ operation: "add", pathInRepo: "lfs.bin", content: bytes }],
        commitMessage: "LFS",
      });
      expect(plain.requests.filter((request) => request.url.includes("/lfs-storage/"))).toHaveLength(1);
      expect(await remoteDigest(lfsOnly, "alice/plain", "main", "lfs.bin")).toEqual({ sha256: sha256(bytes), size: bytes.byteLength });
    } finally {
      await lfsOnly.close();
    }
  }, 120_000);
});
