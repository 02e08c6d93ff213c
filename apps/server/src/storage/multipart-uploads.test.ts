import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MultipartUploads } from "./multipart-uploads.ts";

const CHUNK = 64 * 1024;
let dir: string;
let placed: Map<string, Buffer>;
let opened: MultipartUploads[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hub-multipart-"));
  placed = new Map();
  opened = [];
});
afterEach(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

function uploads(): MultipartUploads {
  const store = new MultipartUploads(dir, async (path, sha256) => {
    placed.set(sha256, await readFile(path));
    await rename(path, join(dir, `placed-${sha256}`));
  });
  opened.push(store);
  return store;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The body of a part, in small chunks as a socket delivers them. */
async function* chunks(bytes: Uint8Array, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}

function partOf(bytes: Uint8Array, part: number): Uint8Array {
  return bytes.subarray((part - 1) * CHUNK, part * CHUNK);
}

describe("MultipartUploads", () => {
  it("assembles parts sent in any order, in place, and checks the sha256", async () => {
    const object = randomBytes(CHUNK * 4 + 1000);
    const plan = { uploadId: "a".repeat(24), size: object.byteLength, chunkSize: CHUNK };
    const store = uploads();
    // 2 and 5 first (hashed once 1 is in), then 1, then 4 and 3 concurrently.
    await store.putPart(plan, 2, chunks(partOf(object, 2)));
    await store.putPart(plan, 5, chunks(partOf(object, 5)));
    await store.putPart(plan, 1, chunks(partOf(object, 1)));
    await Promise.all([store.putPart(plan, 4, chunks(partOf(object, 4))), store.putPart(plan, 3, chunks(partOf(object, 3)))]);
    const stored = await store.complete(plan, { sha256: sha256(object), size: object.byteLength });
    expect(stored).toEqual({ sha256: sha256(object), size: object.byteLength });
    expect(placed.get(sha256(object))?.equals(object)).toBe(true);
    expect(existsSync(join(dir, plan.uploadId))).toBe(false);
  });

  it("names a missing part, refuses a part of the wrong length, and rejects bytes that do not match", async () => {
    const object = randomBytes(CHUNK * 3);
    const plan = { uploadId: "b".repeat(24), size: object.byteLength, chunkSize: CHUNK };
    const store = uploads();
    await store.putPart(plan, 1, chunks(partOf(object, 1)));
    await expect(store.putPart(plan, 2, chunks(object.subarray(0, CHUNK - 1)))).rejects.toMatchObject({
      name: "InvalidInput",
      message: expect.stringMatching(/Part 2 has 65535 bytes/),
    });
    await expect(store.putPart(plan, 4, chunks(partOf(object, 1)))).rejects.toMatchObject({ name: "InvalidInput" });
    await store.putPart(plan, 3, chunks(partOf(object, 3)));
    await expect(store.complete(plan, { sha256: sha256(object), size: object.byteLength })).rejects.toMatchObject({
      name: "InvalidInput",
      message: expect.stringMatching(/Part 2 of the upload is missing/),
    });

    const other = uploads();
    const wrong = { ...plan, uploadId: "c".repeat(24) };
    for (const part of [1, 2, 3]) await other.putPart(wrong, part, chunks(part === 2 ? randomBytes(CHUNK) : partOf(object, part)));
    await expect(other.complete(wrong, { sha256: sha256(object), size: object.byteLength })).rejects.toMatchObject({
      name: "InvalidInput",
      message: expect.stringMatching(/Checksum mismatch/),
    });
    expect(placed.size).toBe(0);
  });

  it("stays right when a part is sent again with other bytes, or a PUT breaks halfway", async () => {
    const object = randomBytes(CHUNK * 3);
    const plan = { uploadId: "d".repeat(24), size: object.byteLength, chunkSize: CHUNK };
    const store = uploads();
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield partOf(object, 1).subarray(0, 1000);
      throw new Error("client went away");
    }
    await expect(store.putPart(plan, 1, broken())).rejects.toThrow("client went away");
    await store.putPart(plan, 1, chunks(partOf(object, 1)));
    await store.putPart(plan, 2, chunks(randomBytes(CHUNK)));
    await store.putPart(plan, 3, chunks(partOf(object, 3)));
    // Part 2 was hashed with the wrong bytes; sending it again must not leave them in the digest.
    await store.putPart(plan, 2, chunks(partOf(object, 2)));
    expect(await store.complete(plan, { sha256: sha256(object), size: object.byteLength })).toEqual({
      sha256: sha256(object),
      size: object.byteLength,
    });
  });

  it("completes an upload whose parts were written before a restart, by hashing the file", async () => {
    const object = randomBytes(CHUNK * 2 + 10);
    const plan = { uploadId: "e".repeat(24), size: object.byteLength, chunkSize: CHUNK };
    const before = uploads();
    for (const part of [1, 2, 3]) await before.putPart(plan, part, chunks(partOf(object, part)));
    const after = uploads();
    const [first, second] = await Promise.all([
      after.complete(plan, { sha256: sha256(object), size: object.byteLength }),
      after.complete(plan, { sha256: sha256(object), size: object.byteLength }),
    ]);
    expect(first).toEqual(second);
    expect(placed.get(sha256(object))?.equals(object)).toBe(true);
  });
});
