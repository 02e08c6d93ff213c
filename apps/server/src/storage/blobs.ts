import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, rmSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { mkdir, open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { iterableStream } from "../streams.ts";
import { InvalidInput, TooLarge } from "./errors.ts";
import { type MultipartPlan, MultipartUploads } from "./multipart-uploads.ts";
import { SMALL_OBJECT_MAX_BYTES, SmallObjectStore } from "./small-objects.ts";

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
 * Content-addressed byte store. Objects up to 1 MiB (inline commit files) live in one SQLite file
 * (`blobs.sqlite`), written many per transaction; larger ones are files `blobs/<aa>/<sha256>`,
 * written to a temp file, fsynced, then renamed into place, so a stored object is always complete.
 * Multipart uploads are assembled in place under `uploads/`. Everything large streams.
 */
export class BlobStore {
  readonly #root: string;
  readonly #tmp: string;
  readonly #small: SmallObjectStore;
  readonly #multipart: MultipartUploads;

  constructor(dataDir: string) {
    this.#root = join(dataDir, "blobs");
    this.#tmp = join(dataDir, "tmp");
    const uploads = join(dataDir, "uploads");
    // Leftovers of writes interrupted by a crash are never referenced: start with an empty tmp dir.
    rmSync(this.#tmp, { recursive: true, force: true });
    for (const dir of [this.#root, this.#tmp, uploads]) mkdirSync(dir, { recursive: true });
    this.#small = new SmallObjectStore(join(dataDir, "blobs.sqlite"));
    this.#multipart = new MultipartUploads(uploads, (path, sha256) => this.#moveIntoPlace(path, sha256));
  }

  /** Closes the small-object database and stops the hashing worker. */
  close(): void {
    this.#small.close();
    this.#multipart.close().catch(() => undefined);
  }

  /**
   * A file holding the object's bytes (for streaming a file to a socket); it may not exist when the
   * object is not stored. Small objects live in the database: the first call writes a copy of one under
   * `tmp/` (emptied at every start, so a copy torn by a crash never outlives it).
   */
  pathOf(sha256: string): string {
    const bytes = this.#small.get(sha256);
    if (!bytes) return this.#loosePath(sha256);
    const copy = join(this.#tmp, "small", sha256);
    if (!existsSync(copy)) {
      mkdirSync(join(this.#tmp, "small"), { recursive: true });
      const tempPath = `${copy}.${randomBytes(4).toString("hex")}`;
      writeFileSync(tempPath, bytes);
      renameSync(tempPath, copy);
    }
    return copy;
  }

  #loosePath(sha256: string): string {
    return join(this.#root, sha256.slice(0, 2), sha256);
  }

  /** Whether the object is stored, with its size. */
  async stat(sha256: string): Promise<StoredObject | undefined> {
    const small = this.#small.size(sha256);
    if (small !== undefined) return { sha256, size: small };
    try {
      const info = await stat(this.#loosePath(sha256));
      return { sha256, size: info.size };
    } catch {
      return undefined;
    }
  }

  /** A batch of objects stored together: durable all at once when `commit()` returns. */
  batch(): BlobBatch {
    return new BlobBatch(this, this.#small, this.#tmp);
  }

  /** Stores bytes already in memory (small inline files), durably. */
  async putBytes(bytes: Uint8Array): Promise<StoredObject> {
    if (bytes.byteLength <= SMALL_OBJECT_MAX_BYTES) return this.putBytesSync(bytes);
    return this.putStream(singleChunkStream(bytes));
  }

  /** Stores bytes synchronously and durably (used inside a database transaction). */
  putBytesSync(bytes: Uint8Array): StoredObject {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (bytes.byteLength <= SMALL_OBJECT_MAX_BYTES) {
      this.#small.put([{ sha256, bytes }], true);
      return { sha256, size: bytes.byteLength };
    }
    const tempPath = join(this.#tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const descriptor = openSync(tempPath, "w");
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(descriptor, bytes, offset);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    const directory = join(this.#root, sha256.slice(0, 2));
    mkdirSync(directory, { recursive: true });
    renameSync(tempPath, this.#loosePath(sha256));
    const handle = openSync(directory, "r");
    try {
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    return { sha256, size: bytes.byteLength };
  }

  /** Reads a small object synchronously. */
  readBytesSync(sha256: string): Buffer {
    return this.#small.get(sha256) ?? readFileSync(this.#loosePath(sha256));
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
          const message = `Body is larger than the expected ${limit} bytes`;
          // Longer than its announced size: bad input; beyond the limit of an unannounced body: too large.
          throw expected.size !== undefined ? new InvalidInput(message) : new TooLarge(message);
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

  /**
   * A large object written while its bytes arrive (e.g. the records of a xorb as they are validated):
   * appended in order to a temp file and hashed on the way; `keep()` fsyncs it and moves it into place.
   */
  incoming(): IncomingObject {
    return new IncomingObject(join(this.#tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`), (path, sha256) =>
      this.#moveIntoPlace(path, sha256),
    );
  }

  /** Writes one part (1-based) of a multipart upload at its place in the object. */
  async putPart(plan: MultipartPlan, part: number, body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<number> {
    return this.#multipart.putPart(plan, part, iterate(body));
  }

  /** Completes a multipart upload: every part in, the bytes match `expected`; the object is then stored. */
  async completeParts(plan: MultipartPlan, expected: { sha256: string; size: number }): Promise<StoredObject> {
    return this.#multipart.complete(plan, expected);
  }

  /** Drops the parts of an upload whose object turned out to be stored already. */
  async discardParts(uploadId: string): Promise<void> {
    await this.#multipart.discard(uploadId);
  }

  /** Removes multipart uploads untouched for longer than `maxAgeMs` (files and state); returns their ids. */
  expireUploads(maxAgeMs: number, now = Date.now()): string[] {
    return this.#multipart.expire(maxAgeMs, now);
  }

  /** A stream of the object's bytes in `[start, end]` (inclusive), read in 1 MiB chunks. */
  read(sha256: string, start = 0, end?: number): ReadableStream<Uint8Array> {
    const small = this.#small.get(sha256);
    if (small) {
      const slice = small.subarray(start, end === undefined ? undefined : end + 1);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          if (slice.byteLength > 0) controller.enqueue(slice);
          controller.close();
        },
      });
    }
    return iterableStream(this.#readFile(this.#loosePath(sha256), start, end)[Symbol.asyncIterator]());
  }

  /**
   * Reads bytes `[start, end)` of an object into memory with positional reads (never more of the file),
   * e.g. a few chunk records of a 64 MiB xorb.
   */
  async readRange(sha256: string, start: number, end: number): Promise<Uint8Array> {
    const small = this.#small.get(sha256);
    if (small) return small.subarray(start, end);
    const handle = await open(this.#loosePath(sha256), "r");
    try {
      const buffer = Buffer.allocUnsafe(end - start);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) throw new Error(`Stored object ${sha256} is shorter than ${end} bytes`);
        filled += bytesRead;
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  /** Removes a large object's file (one whose bytes are kept elsewhere now); small objects stay. */
  async remove(sha256: string): Promise<void> {
    await rm(this.#loosePath(sha256), { force: true });
  }

  /** Reads a whole (small) object into memory. */
  async readBytes(sha256: string): Promise<Buffer> {
    const small = this.#small.get(sha256);
    if (small) return small;
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#readFile(this.#loosePath(sha256))) chunks.push(chunk);
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

  /** Moves a complete, fsynced file into place and makes the rename durable. */
  async moveIntoPlace(tempPath: string, sha256: string): Promise<void> {
    await this.#moveIntoPlace(tempPath, sha256);
  }

  async #moveIntoPlace(tempPath: string, sha256: string): Promise<void> {
    const target = this.#loosePath(sha256);
    await mkdir(join(this.#root, sha256.slice(0, 2)), { recursive: true });
    await rename(tempPath, target);
    const directory = await open(join(this.#root, sha256.slice(0, 2)), "r");
    await directory.sync().catch(() => {});
    await directory.close();
  }
}

/** See {@link BlobStore.incoming}. The bytes appended must not change afterwards (they are written later). */
export class IncomingObject {
  readonly #path: string;
  readonly #place: (path: string, sha256: string) => Promise<void>;
  readonly #hash = createHash("sha256");
  readonly #handle: Promise<FileHandle>;
  #writes: Promise<void>;
  #size = 0;
  #batch: Uint8Array[] = [];
  #batchBytes = 0;

  constructor(path: string, place: (path: string, sha256: string) => Promise<void>) {
    this.#path = path;
    this.#place = place;
    this.#handle = open(path, "w");
    this.#writes = this.#handle.then(() => undefined);
    // A failure is reported by keep(); until then it must not count as unhandled.
    this.#writes.catch(() => undefined);
  }

  /** Appends bytes (written in the background, in order, gathered into writes of a few MiB). */
  append(bytes: Uint8Array): void {
    this.#hash.update(bytes);
    this.#size += bytes.byteLength;
    this.#batch.push(bytes);
    this.#batchBytes += bytes.byteLength;
    if (this.#batchBytes >= INCOMING_WRITE_BYTES) this.#flush();
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    const pieces = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#writes = this.#writes.then(async () => writeAllv(await this.#handle, pieces));
    this.#writes.catch(() => undefined);
  }

  /** Waits for the writes, fsyncs, and moves the object into place. */
  async keep(): Promise<StoredObject> {
    this.#flush();
    await this.#writes;
    const handle = await this.#handle;
    await handle.sync();
    await handle.close();
    const sha256 = this.#hash.digest("hex");
    await this.#place(this.#path, sha256);
    return { sha256, size: this.#size };
  }

  /** Drops the temp file. */
  async discard(): Promise<void> {
    await this.#writes.catch(() => undefined);
    await (await this.#handle.catch(() => undefined))?.close().catch(() => undefined);
    await rm(this.#path, { force: true });
  }
}

function checkExpected(stored: StoredObject, expected: ExpectedObject): void {
  if (expected.size !== undefined && stored.size !== expected.size) {
    throw new InvalidInput(`Size mismatch: expected ${expected.size} bytes, received ${stored.size}`);
  }
  if (expected.sha256 !== undefined && stored.sha256 !== expected.sha256.toLowerCase()) {
    throw new InvalidInput(`Checksum mismatch: expected sha256 ${expected.sha256}, received ${stored.sha256}`);
  }
}

/** Bytes gathered before an incoming object writes them (one `writev`). */
const INCOMING_WRITE_BYTES = 4 * 1024 * 1024;

/** Writes pieces in order with `writev`, resuming after short writes. */
async function writeAllv(handle: FileHandle, pieces: Uint8Array[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    const next: Uint8Array[] = [];
    for (const piece of rest) {
      if (bytesWritten >= piece.byteLength) bytesWritten -= piece.byteLength;
      else {
        next.push(piece.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    rest = next;
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

/** Bytes of small objects gathered before they are written in one transaction (not fsynced yet). */
const BATCH_FLUSH_BYTES = 1024 * 1024;
/** fsyncs of large objects run at once when a batch commits. */
const SYNC_CONCURRENCY = 8;

/**
 * Objects of one commit, made durable together: small objects go to the small-object database
 * 1 MiB per transaction as they come, with one fsync at `commit()` (so a commit of thousands of
 * small files costs one fsync, not thousands),
 * large ones to temp files fsynced in parallel and renamed into place when the batch commits.
 * Nothing may refer to the objects before `commit()` has returned.
 */
export class BlobBatch {
  readonly #store: BlobStore;
  readonly #small: SmallObjectStore;
  readonly #tmp: string;
  #pending: { sha256: string; bytes: Uint8Array }[] = [];
  #pendingBytes = 0;
  readonly #large: { tempPath: string; sha256: string }[] = [];

  constructor(store: BlobStore, small: SmallObjectStore, tmp: string) {
    this.#store = store;
    this.#small = small;
    this.#tmp = tmp;
  }

  /** Adds an object; it is durable once `commit()` returns. */
  async add(bytes: Uint8Array): Promise<StoredObject> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (bytes.byteLength <= SMALL_OBJECT_MAX_BYTES) {
      this.#pending.push({ sha256, bytes });
      this.#pendingBytes += bytes.byteLength;
      if (this.#pendingBytes >= BATCH_FLUSH_BYTES) this.#flush(false);
    } else if (!(await this.#store.stat(sha256))) {
      const tempPath = join(this.#tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`);
      this.#large.push({ tempPath, sha256 });
      const handle = await open(tempPath, "w");
      try {
        await writeAll(handle, bytes);
      } finally {
        await handle.close();
      }
    }
    return { sha256, size: bytes.byteLength };
  }

  /** Makes every added object durable and visible. */
  async commit(): Promise<void> {
    this.#flush(true);
    const large = [...new Map(this.#large.map((object) => [object.sha256, object])).values()];
    let next = 0;
    const syncOne = async () => {
      while (next < large.length) {
        const handle = await open(large[next++]!.tempPath, "r+");
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SYNC_CONCURRENCY, large.length) }, syncOne));
    for (const object of large) await this.#store.moveIntoPlace(object.tempPath, object.sha256);
    this.#large.length = 0;
  }

  /** Forgets the batch, removing its temp files (small objects already written stay: they are harmless). */
  async abort(): Promise<void> {
    this.#pending = [];
    await Promise.all(this.#large.map((object) => rm(object.tempPath, { force: true })));
    this.#large.length = 0;
  }

  #flush(durable: boolean): void {
    this.#small.put(this.#pending, durable);
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
