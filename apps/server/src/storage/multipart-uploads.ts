import { createHash, type Hash } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { open, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { HttpError } from "../http/errors.ts";

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
/** Bytes read at once when hashing parts already on disk. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

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
  /** SHA-256 of parts 1..hashedParts, in order. */
  hash: Hash;
  hashedParts: number;
  /** The part hashed while it arrives, if any. */
  inlinePart: number | undefined;
  /** The loop hashing received parts from disk, when running, and the part it reads. */
  catchingUp: Promise<void> | undefined;
  catchUpPart: number | undefined;
  /** The file existed before this process saw the upload (a restart): which parts it holds is unknown. */
  readonly resumed: boolean;
  /** The running hash cannot be trusted (a hashed part was rewritten): hash the file again on completion. */
  stale: boolean;
  completing: Promise<AssembledObject> | undefined;
}

/**
 * Multipart uploads written straight into one file per upload (`uploads/<id>`), each part at its
 * offset, so completing an upload neither copies nor concatenates anything. The object's SHA-256 is
 * computed while parts arrive: the next part in order is hashed as it streams in, parts that arrive
 * early are hashed from the page cache as soon as the parts before them are in. Completion checks
 * the digest, fsyncs the file and moves it into the blob store.
 */
export class MultipartUploads {
  readonly #dir: string;
  readonly #place: (path: string, sha256: string) => Promise<void>;
  readonly #assemblies = new Map<string, Assembly>();

  /** `place` moves a complete, fsynced file into the store under its sha256. */
  constructor(dir: string, place: (path: string, sha256: string) => Promise<void>) {
    this.#dir = dir;
    this.#place = place;
  }

  /** Writes one part (1-based) at its offset; its length must be exactly the plan's. Returns the bytes written. */
  async putPart(plan: MultipartPlan, part: number, body: AsyncIterable<Uint8Array>): Promise<number> {
    const partCount = partCountOf(plan);
    if (part > partCount) throw new HttpError(400, `Part ${part} is beyond the ${partCount} parts of the upload`);
    const expectedLength = Math.min(plan.chunkSize, plan.size - (part - 1) * plan.chunkSize);
    const assembly = this.#assembly(plan);
    if (assembly.completing) throw new HttpError(409, "The upload is being completed");
    const generation = (assembly.generations.get(part) ?? 0) + 1;
    assembly.generations.set(part, generation);
    assembly.writing.set(part, (assembly.writing.get(part) ?? 0) + 1);
    if (assembly.received.delete(part) && part <= assembly.hashedParts) assembly.stale = true;
    const inline =
      !assembly.stale && assembly.inlinePart === undefined && assembly.catchUpPart !== part && part === assembly.hashedParts + 1 && assembly.writing.get(part) === 1;
    // Hash a copy: a PUT that fails halfway must leave the running hash as it was.
    const partHash = inline ? assembly.hash.copy() : undefined;
    if (inline) assembly.inlinePart = part;
    try {
      const handle = await open(assembly.path, constants.O_RDWR | constants.O_CREAT, 0o644);
      let length = 0;
      try {
        let position = (part - 1) * plan.chunkSize;
        let pending: Uint8Array[] = [];
        let pendingBytes = 0;
        for await (const chunk of body) {
          length += chunk.byteLength;
          if (length > expectedLength) throw new HttpError(400, `Part ${part} is larger than ${expectedLength} bytes`);
          partHash?.update(chunk);
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
      if (length !== expectedLength) throw new HttpError(400, `Part ${part} has ${length} bytes, expected ${expectedLength}`);
      if (assembly.generations.get(part) !== generation) {
        // Another PUT of this part started meanwhile: its bytes and ours may be mixed until it ends.
        assembly.stale = true;
      } else {
        assembly.received.add(part);
        if (partHash && !assembly.stale && assembly.hashedParts === part - 1) {
          assembly.hash = partHash;
          assembly.hashedParts = part;
        }
      }
      return length;
    } finally {
      if (inline) assembly.inlinePart = undefined;
      assembly.writing.set(part, assembly.writing.get(part)! - 1);
      this.#catchUp(assembly);
    }
  }

  /**
   * Checks that every part is in and the bytes hash to `expected.sha256`, then moves the file into
   * the store. A second call for the same upload waits for the first.
   * @throws {HttpError} 400 when a part is missing or the object does not match.
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
    await rm(join(this.#dir, uploadId), { force: true, recursive: true });
  }

  async #complete(plan: MultipartPlan, assembly: Assembly, expected: AssembledObject): Promise<AssembledObject> {
    const partCount = partCountOf(plan);
    const size = await stat(assembly.path).then(
      (info) => info.size,
      () => undefined,
    );
    if (size === undefined) throw new HttpError(400, "Part 1 of the upload is missing");
    // After a restart the parts received are unknown: the digest below still proves the bytes right.
    const known = !assembly.resumed;
    if (known) {
      for (let part = 1; part <= partCount; part++) {
        if (!assembly.received.has(part)) throw new HttpError(400, `Part ${part} of the upload is missing`);
        if ((assembly.writing.get(part) ?? 0) > 0) throw new HttpError(409, `Part ${part} of the upload is still being written`);
      }
    }
    if (size !== expected.size) throw new HttpError(400, `Size mismatch: expected ${expected.size} bytes, received ${size}`);
    while (assembly.catchingUp) await assembly.catchingUp;
    const digest = known && !assembly.stale && assembly.hashedParts === partCount ? assembly.hash.digest("hex") : await hashFile(assembly.path, size);
    if (digest !== expected.sha256.toLowerCase()) {
      await rm(assembly.path, { force: true });
      throw new HttpError(400, `Checksum mismatch: expected sha256 ${expected.sha256}, received ${digest}`);
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
      throw new HttpError(400, "The upload's size or part size changed");
    }
    if (!assembly) {
      assembly = {
        path: join(this.#dir, plan.uploadId),
        plan,
        received: new Set(),
        writing: new Map(),
        generations: new Map(),
        hash: createHash("sha256"),
        hashedParts: 0,
        inlinePart: undefined,
        catchingUp: undefined,
        catchUpPart: undefined,
        resumed: existsSync(join(this.#dir, plan.uploadId)),
        stale: false,
        completing: undefined,
      };
      this.#assemblies.set(plan.uploadId, assembly);
    }
    return assembly;
  }

  /** Hashes, from disk, the received parts that follow the hashed ones (one loop per upload at a time). */
  #catchUp(assembly: Assembly): void {
    if (assembly.catchingUp) return;
    const next = () => assembly.hashedParts + 1;
    const ready = () => !assembly.stale && assembly.inlinePart !== next() && assembly.received.has(next());
    if (!ready()) return;
    assembly.catchingUp = (async () => {
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const handle = await open(assembly.path, "r");
      try {
        while (ready()) {
          const part = next();
          const generation = assembly.generations.get(part);
          assembly.catchUpPart = part;
          const start = (part - 1) * assembly.plan.chunkSize;
          await hashRange(handle, buffer, assembly.hash, { start, end: Math.min(assembly.plan.size, start + assembly.plan.chunkSize) });
          if (assembly.generations.get(part) !== generation) {
            assembly.stale = true;
            return;
          }
          assembly.hashedParts = part;
        }
      } catch {
        assembly.stale = true;
      } finally {
        await handle.close();
        assembly.catchingUp = undefined;
        assembly.catchUpPart = undefined;
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

async function hashRange(handle: FileHandle, buffer: Buffer, hash: Hash, range: { start: number; end: number }): Promise<void> {
  let position = range.start;
  while (position < range.end) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.byteLength, range.end - position), position);
    if (bytesRead === 0) throw new Error("Unexpected end of the upload file");
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

async function hashFile(path: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(path, "r");
  try {
    await hashRange(handle, Buffer.allocUnsafe(READ_CHUNK_BYTES), hash, { start: 0, end: size });
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}
