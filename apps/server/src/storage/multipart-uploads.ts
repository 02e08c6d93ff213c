import { constants, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { open, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { Conflict, InvalidInput } from "./errors.ts";
import { HashWorker } from "./hash-worker.ts";

/** The shape of one multipart upload: the object's size split in `chunkSize` parts. */
export interface MultipartPlan {
  uploadId: string;
  /** Size of the whole object. */
  size: number;
  chunkSize: number;
}

/** Size and sha256 of an assembled object. */
export interface AssembledObject {
  sha256: string;
  size: number;
}

/** Bytes gathered before one positional write. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** The upload file is flushed to disk (fdatasync, on the hashing thread) each time this many more bytes are hashed. */
const SYNC_EVERY_BYTES = 64 * 1024 * 1024;

/** In-memory state of an upload in progress (lost on restart: completion then hashes the file). */
interface Assembly {
  readonly path: string;
  readonly plan: MultipartPlan;
  /** Parts written completely. */
  readonly received: Set<number>;
  /** PUTs of each part in flight. */
  readonly writing: Map<number, number>;
  /** Bumped when a part starts being (re)written, to notice a part changing under the hasher. */
  readonly generations: Map<number, number>;
  /** The hashing job holding the SHA-256 of parts 1..hashedParts, in order. */
  job: string;
  hashedParts: number;
  /** The loop hashing received parts, when running. */
  catchingUp: Promise<void> | undefined;
  /** The file existed before this process saw the upload (a restart): which parts it holds is unknown. */
  readonly resumed: boolean;
  /** The running hash cannot be trusted (a hashed part was rewritten): hash the file again on completion. */
  stale: boolean;
  completing: Promise<AssembledObject> | undefined;
}

/**
 * Multipart uploads written straight into one file per upload (`uploads/<id>`), each part at its
 * offset, so completing an upload neither copies nor concatenates anything. The object's SHA-256 is
 * computed while parts arrive: as soon as the parts before it are in, a part is hashed from the page
 * cache on a worker thread, off the event loop that receives the next parts. Completion checks the
 * digest, fsyncs the file and moves it into the blob store.
 */
export class MultipartUploads {
  readonly #dir: string;
  readonly #place: (path: string, sha256: string) => Promise<void>;
  readonly #assemblies = new Map<string, Assembly>();
  readonly #hasher = new HashWorker();
  #jobs = 0;

  /** `place` moves a complete, fsynced file into the store under its sha256. */
  constructor(dir: string, place: (path: string, sha256: string) => Promise<void>) {
    this.#dir = dir;
    this.#place = place;
  }

  /** Stops the hashing worker. */
  async close(): Promise<void> {
    await this.#hasher.close();
  }

  /** Writes one part (1-based) at its offset; its length must be exactly the plan's. Returns the bytes written. */
  async putPart(plan: MultipartPlan, part: number, body: AsyncIterable<Uint8Array>): Promise<number> {
    const partCount = partCountOf(plan);
    if (part > partCount) throw new InvalidInput(`Part ${part} is beyond the ${partCount} parts of the upload`);
    const expectedLength = Math.min(plan.chunkSize, plan.size - (part - 1) * plan.chunkSize);
    const assembly = this.#assembly(plan);
    if (assembly.completing) throw new Conflict("The upload is being completed");
    const generation = (assembly.generations.get(part) ?? 0) + 1;
    assembly.generations.set(part, generation);
    assembly.writing.set(part, (assembly.writing.get(part) ?? 0) + 1);
    if (assembly.received.delete(part) && part <= assembly.hashedParts) this.#markStale(assembly);
    try {
      const handle = await open(assembly.path, constants.O_RDWR | constants.O_CREAT, 0o644);
      let length = 0;
      try {
        let position = (part - 1) * plan.chunkSize;
        let pending: Uint8Array[] = [];
        let pendingBytes = 0;
        for await (const chunk of body) {
          length += chunk.byteLength;
          if (length > expectedLength) throw new InvalidInput(`Part ${part} is larger than ${expectedLength} bytes`);
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= WRITE_BATCH_BYTES) {
            await writeAllAt(handle, pending, position);
            position += pendingBytes;
            pending = [];
            pendingBytes = 0;
          }
        }
        await writeAllAt(handle, pending, position);
      } finally {
        await handle.close();
      }
      if (length !== expectedLength) throw new InvalidInput(`Part ${part} has ${length} bytes, expected ${expectedLength}`);
      // Another PUT of this part started meanwhile: its bytes and ours may be mixed until it ends.
      if (assembly.generations.get(part) !== generation) this.#markStale(assembly);
      else assembly.received.add(part);
      return length;
    } finally {
      assembly.writing.set(part, assembly.writing.get(part)! - 1);
      this.#catchUp(assembly);
    }
  }

  /**
   * Checks that every part is in and the bytes hash to `expected.sha256`, then moves the file into
   * the store. A second call for the same upload waits for the first.
   * @throws {InvalidInput} when a part is missing or the object does not match.
   */
  complete(plan: MultipartPlan, expected: AssembledObject): Promise<AssembledObject> {
    const assembly = this.#assembly(plan);
    assembly.completing ??= this.#complete(plan, assembly, expected).finally(() => {
      if (this.#assemblies.get(plan.uploadId) === assembly) this.#assemblies.delete(plan.uploadId);
    });
    return assembly.completing;
  }

  /** Drops an upload that is not needed (its object is stored already). */
  async discard(uploadId: string): Promise<void> {
    const assembly = this.#assemblies.get(uploadId);
    if (assembly?.completing) return;
    this.#assemblies.delete(uploadId);
    if (assembly) this.#markStale(assembly);
    await rm(join(this.#dir, uploadId), { force: true, recursive: true });
  }

  /**
   * Removes uploads untouched (no part written) for longer than `maxAgeMs`: their file and their
   * in-memory state. Uploads with a part being written or being completed are kept. Returns the ids removed.
   */
  expire(maxAgeMs: number, now = Date.now()): string[] {
    const removed: string[] = [];
    let names: string[];
    try {
      names = readdirSync(this.#dir);
    } catch {
      return removed;
    }
    for (const name of names) {
      const assembly = this.#assemblies.get(name);
      if (assembly && (assembly.completing || [...assembly.writing.values()].some((count) => count > 0))) continue;
      const path = join(this.#dir, name);
      let modified: number;
      try {
        modified = statSync(path).mtimeMs;
      } catch {
        continue;
      }
      if (now - modified <= maxAgeMs) continue;
      this.#assemblies.delete(name);
      if (assembly) this.#markStale(assembly);
      rmSync(path, { force: true, recursive: true });
      removed.push(name);
    }
    return removed;
  }

  async #complete(plan: MultipartPlan, assembly: Assembly, expected: AssembledObject): Promise<AssembledObject> {
    const partCount = partCountOf(plan);
    const size = await stat(assembly.path).then(
      (info) => info.size,
      () => undefined,
    );
    if (size === undefined) throw new InvalidInput("Part 1 of the upload is missing");
    // After a restart the parts received are unknown: the digest below still proves the bytes right.
    const known = !assembly.resumed;
    if (known) {
      for (let part = 1; part <= partCount; part++) {
        if (!assembly.received.has(part)) throw new InvalidInput(`Part ${part} of the upload is missing`);
        if ((assembly.writing.get(part) ?? 0) > 0) throw new Conflict(`Part ${part} of the upload is still being written`);
      }
    }
    if (size !== expected.size) throw new InvalidInput(`Size mismatch: expected ${expected.size} bytes, received ${size}`);
    while (assembly.catchingUp) await assembly.catchingUp;
    let digest: string;
    if (known && !assembly.stale && assembly.hashedParts === partCount) digest = await this.#hasher.digest(assembly.job);
    else {
      this.#markStale(assembly);
      const job = this.#newJob(plan.uploadId);
      await this.#hasher.update(job, assembly.path, 0, size);
      digest = await this.#hasher.digest(job);
    }
    if (digest !== expected.sha256.toLowerCase()) {
      await rm(assembly.path, { force: true });
      throw new InvalidInput(`Checksum mismatch: expected sha256 ${expected.sha256}, received ${digest}`);
    }
    const handle = await open(assembly.path, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.#place(assembly.path, digest);
    return { sha256: digest, size };
  }

  #assembly(plan: MultipartPlan): Assembly {
    let assembly = this.#assemblies.get(plan.uploadId);
    if (assembly && (assembly.plan.size !== plan.size || assembly.plan.chunkSize !== plan.chunkSize)) {
      throw new InvalidInput("The upload's size or part size changed");
    }
    if (!assembly) {
      assembly = {
        path: join(this.#dir, plan.uploadId),
        plan,
        received: new Set(),
        writing: new Map(),
        generations: new Map(),
        job: this.#newJob(plan.uploadId),
        hashedParts: 0,
        catchingUp: undefined,
        resumed: existsSync(join(this.#dir, plan.uploadId)),
        stale: false,
        completing: undefined,
      };
      this.#assemblies.set(plan.uploadId, assembly);
    }
    return assembly;
  }

  #newJob(uploadId: string): string {
    return `${uploadId}:${this.#jobs++}`;
  }

  /** The running hash cannot be trusted any more: forget it (completion hashes the whole file). */
  #markStale(assembly: Assembly): void {
    if (assembly.stale) return;
    assembly.stale = true;
    this.#hasher.drop(assembly.job).catch(() => undefined);
  }

  /** Hashes the received parts that follow the hashed ones, in order (one loop per upload at a time). */
  #catchUp(assembly: Assembly): void {
    const ready = () => !assembly.stale && assembly.received.has(assembly.hashedParts + 1);
    if (assembly.catchingUp || !ready()) return;
    assembly.catchingUp = (async () => {
      try {
        while (ready()) {
          const part = assembly.hashedParts + 1;
          const generation = assembly.generations.get(part);
          const start = (part - 1) * assembly.plan.chunkSize;
          const end = Math.min(assembly.plan.size, start + assembly.plan.chunkSize);
          // Every 64 MiB or so, the bytes written so far go to disk while the upload goes on.
          const sync = Math.floor(end / SYNC_EVERY_BYTES) > Math.floor(start / SYNC_EVERY_BYTES);
          await this.#hasher.update(assembly.job, assembly.path, start, end, sync);
          // The part was sent again while being hashed: the hash may hold old bytes.
          if (assembly.generations.get(part) !== generation) this.#markStale(assembly);
          else assembly.hashedParts = part;
        }
      } catch {
        this.#markStale(assembly);
      } finally {
        assembly.catchingUp = undefined;
      }
    })();
  }
}

function partCountOf(plan: MultipartPlan): number {
  return Math.max(1, Math.ceil(plan.size / plan.chunkSize));
}

async function writeAllAt(handle: FileHandle, buffers: Uint8Array[], position: number): Promise<void> {
  let remaining = buffers;
  let offset = position;
  while (remaining.length > 0) {
    const { bytesWritten } = await handle.writev(remaining, offset);
    offset += bytesWritten;
    remaining = dropBytes(remaining, bytesWritten);
  }
}

function dropBytes(buffers: Uint8Array[], count: number): Uint8Array[] {
  let left = count;
  let index = 0;
  while (index < buffers.length && left >= buffers[index]!.byteLength) left -= buffers[index++]!.byteLength;
  if (index === buffers.length) return [];
  return [buffers[index]!.subarray(left), ...buffers.slice(index + 1)];
}
