import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobStore } from "./blobs.ts";

let dataDir: string;
let store: BlobStore;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-blobs-"));
  store = new BlobStore(dataDir);
});
afterEach(async () => {
  store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("BlobStore batches", () => {
  it("stores small and large objects of a batch, readable by every method after commit and after a reopen", async () => {
    const small = Array.from({ length: 300 }, (_, index) => Buffer.from(`file ${index}\n`.repeat(100)));
    const large = randomBytes(3 * 1024 * 1024);
    const batch = store.batch();
    for (const bytes of small) await batch.add(bytes);
    expect(await batch.add(large)).toEqual({ sha256: sha256(large), size: large.byteLength });
    await batch.commit();

    store.close();
    store = new BlobStore(dataDir);
    const sample = small[42]!;
    expect(await store.stat(sha256(sample))).toEqual({ sha256: sha256(sample), size: sample.byteLength });
    expect(store.readBytesSync(sha256(sample)).equals(sample)).toBe(true);
    expect((await store.readBytes(sha256(large))).equals(large)).toBe(true);
    expect((await readAll(store.read(sha256(sample), 5, 9))).toString()).toBe(sample.subarray(5, 10).toString());
    expect((await readAll(store.read(sha256(large), 1_000_000, 2_999_999))).equals(large.subarray(1_000_000, 3_000_000))).toBe(true);
    // Callers that stream a file (the download path) get one for small objects too.
    expect(readFileSync(store.pathOf(sha256(sample))).equals(sample)).toBe(true);
    expect(readFileSync(store.pathOf(sha256(large))).equals(large)).toBe(true);
  });

  it("leaves nothing of an aborted batch's large objects", async () => {
    const large = randomBytes(2 * 1024 * 1024);
    const batch = store.batch();
    await batch.add(large);
    await batch.abort();
    expect(await store.stat(sha256(large))).toBeUndefined();
    expect(readdirSync(join(dataDir, "tmp"))).toEqual([]);
  });
});
