import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, rmSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { HttpError } from "../http/errors.ts";

/** Size and sha256 of a stored object. */
export interface StoredObject {
  sha256: string;
  size: number;
}

/** What the caller expects an incoming object to be; a mismatch rejects it. */
export interface ExpectedObject {
  sha256?: string;
  size?: number;
  /** Stop reading (413) past this many bytes. */
  maxSize?: number;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Content-addressed byte store: `blobs/<aa>/<sha256>`. Writes go to a temp file, are fsynced,
 * then renamed into place, so a stored object is always complete. Everything streams.
 */
export class BlobStore {
  readonly #root: string;
  readonly #tmp: string;
  readonly #uploads: string;

  constructor(dataDir: string) {
    this.#root = join(dataDir, "blobs");
    this.#tmp = join(dataDir, "tmp");
    this.#uploads = join(dataDir, "uploads");
    // Leftovers of writes interrupted by a crash are never referenced: start with an empty tmp dir.
    rmSync(this.#tmp, { recursive: true, force: true });
    for (const dir of [this.#root, this.#tmp, this.#uploads]) mkdirSync(dir, { recursive: true });
  }

  /** File path of an object (it may not exist). */
  pathOf(sha256: string): string {
    return join(this.#root, sha256.slice(0, 2), sha256);
  }

  /** Whether the object is stored, with its size. */
  async stat(sha256: string): Promise<StoredObject | undefined> {
    try {
      const info = await stat(this.pathOf(sha256));
      return { sha256, size: info.size };
    } catch {
      return undefined;
    }
  }

  /** Stores bytes already in memory (small inline files). */
  async putBytes(bytes: Uint8Array): Promise<StoredObject> {
    return this.putStream(singleChunkStream(bytes));
  }

  /** Stores small bytes synchronously (used inside a database transaction). */
  putBytesSync(bytes: Uint8Array): StoredObject {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const tempPath = join(this.#tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const descriptor = openSync(tempPath, "w");
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(descriptor, bytes, offset);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    mkdirSync(join(this.#root, sha256.slice(0, 2)), { recursive: true });
    renameSync(tempPath, this.pathOf(sha256));
    return { sha256, size: bytes.byteLength };
  }

  /** Reads a small object synchronously. */
  readBytesSync(sha256: string): Buffer {
    return readFileSync(this.pathOf(sha256));
  }

  /** Streams a body into the store, hashing as it goes; verifies `expected` before keeping it. */
  async putStream(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, expected: ExpectedObject = {}): Promise<StoredObject> {
    const tempPath = join(this.#tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const handle = await open(tempPath, "w");
    let kept = false;
    try {
      const hash = createHash("sha256");
      let size = 0;
      for await (const chunk of iterate(body)) {
        size += chunk.byteLength;
        const limit = expected.maxSize ?? expected.size;
        if (limit !== undefined && size > limit) {
          throw new HttpError(expected.size !== undefined ? 400 : 413, `Body is larger than the expected ${limit} bytes`);
        }
        hash.update(chunk);
        await writeAll(handle, chunk);
      }
      const stored = { sha256: hash.digest("hex"), size };
      checkExpected(stored, expected);
      await handle.sync();
      await handle.close();
      await this.#moveIntoPlace(tempPath, stored.sha256);
      kept = true;
      return stored;
    } finally {
      if (!kept) {
        await handle.close().catch(() => {});
        await rm(tempPath, { force: true });
      }
    }
  }

  /** Stores one part of a multipart upload; returns the part's md5 (its ETag) and size. */
  async putPart(uploadId: string, partNumber: number, body: ReadableStream<Uint8Array>, maxSize: number): Promise<{ etag: string; size: number }> {
    const dir = join(this.#uploads, uploadId);
    await mkdir(dir, { recursive: true });
    const finalPath = join(dir, String(partNumber));
    const tempPath = `${finalPath}.${randomBytes(4).toString("hex")}.tmp`;
    const handle = await open(tempPath, "w");
    let kept = false;
    try {
      const hash = createHash("md5");
      let size = 0;
      for await (const chunk of iterate(body)) {
        size += chunk.byteLength;
        if (size > maxSize) throw new HttpError(400, `Part ${partNumber} is larger than ${maxSize} bytes`);
        hash.update(chunk);
        await writeAll(handle, chunk);
      }
      await handle.close();
      await rename(tempPath, finalPath);
      kept = true;
      return { etag: `"${hash.digest("hex")}"`, size };
    } finally {
      if (!kept) {
        await handle.close().catch(() => {});
        await rm(tempPath, { force: true });
      }
    }
  }

  /** Concatenates the parts of an upload into one object (streamed, verified), then drops the parts. */
  async completeParts(uploadId: string, partCount: number, expected: ExpectedObject): Promise<StoredObject> {
    const dir = join(this.#uploads, uploadId);
    const present = new Set(await readdir(dir).catch(() => [] as string[]));
    for (let part = 1; part <= partCount; part++) {
      if (!present.has(String(part))) throw new HttpError(400, `Part ${part} of the upload is missing`);
    }
    const parts = this;
    async function* concatenated(): AsyncIterable<Uint8Array> {
      for (let part = 1; part <= partCount; part++) yield* parts.#readFile(join(dir, String(part)));
    }
    const stored = await this.putStream(concatenated(), expected);
    await rm(dir, { recursive: true, force: true });
    return stored;
  }

  /** A stream of the object's bytes in `[start, end]` (inclusive), read in 1 MiB chunks. */
  read(sha256: string, start = 0, end?: number): ReadableStream<Uint8Array> {
    const iterator = this.#readFile(this.pathOf(sha256), start, end)[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    });
  }

  /** Reads a whole (small) object into memory. */
  async readBytes(sha256: string): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#readFile(this.pathOf(sha256))) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async *#readFile(path: string, start = 0, end?: number): AsyncGenerator<Uint8Array> {
    const handle = await open(path, "r");
    try {
      const last = end ?? (await handle.stat()).size - 1;
      let position = start;
      while (position <= last) {
        const length = Math.min(READ_CHUNK_BYTES, last - position + 1);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }

  async #moveIntoPlace(tempPath: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(join(this.#root, sha256.slice(0, 2)), { recursive: true });
    await rename(tempPath, target);
    const directory = await open(join(this.#root, sha256.slice(0, 2)), "r");
    await directory.sync().catch(() => {});
    await directory.close();
  }
}

function checkExpected(stored: StoredObject, expected: ExpectedObject): void {
  if (expected.size !== undefined && stored.size !== expected.size) {
    throw new HttpError(400, `Size mismatch: expected ${expected.size} bytes, received ${stored.size}`);
  }
  if (expected.sha256 !== undefined && stored.sha256 !== expected.sha256.toLowerCase()) {
    throw new HttpError(400, `Checksum mismatch: expected sha256 ${expected.sha256}, received ${stored.sha256}`);
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

async function* iterate(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function singleChunkStream(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return (async function* () {
    yield bytes;
  })();
}
