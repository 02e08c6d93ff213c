import { HubError, HubHttpError, type HubOptions, hubRequest } from "@hub/core";
import { forEachConcurrent, isAbortError, type RetrySettings, throwIfAborted } from "@hub/core/internal";
import {
  isGlobalDedupEligible,
  parseShard,
  serializeShard,
  serializeXorb,
  XET_MAX_CHUNK_SIZE,
  XET_MAX_XORB_BYTES,
  XET_MAX_XORB_CHUNKS,
  XetChunker,
  type XetHashedRange,
  type XetShard,
  type XetShardFile,
  type XetShardXorb,
  xetChunkHash,
  xetFileHash,
  xetHashFromHex,
  xetHashToHex,
  xetHmac,
  xetVerificationHash,
} from "@hub/core/xet";
import type { LfsFile } from "./commit-files.ts";
import type { ProgressReporter } from "./progress.ts";
import { finishBody, putWithRetry } from "./put-with-retry.ts";
import type { XetAccess, XetWriteToken } from "./xet-token.ts";
import { XetUploadError } from "./xet-upload-error.ts";

/** Dedup queries in flight at once for the first chunks of small files. */
const DEDUP_QUERIES_IN_FLIGHT = 8;
/** Shards are split below the CAS's 64 MiB limit. */
const SHARD_MAX_BYTES = 60 * 1024 * 1024;
const SHARD_ENTRY_BYTES = 48;
const SHARD_FIXED_BYTES = 3 * SHARD_ENTRY_BYTES;

/** What a Xet upload needs besides the files. */
export interface XetUploadContext {
  /** Options for CAS requests: no Hub token (the CAS token goes in its own header), no total timeout. */
  transferOptions: HubOptions;
  retry: RetrySettings;
  token: XetWriteToken;
  /** Xorbs uploaded at once (each holds up to 64 MiB in memory while it is sent). */
  xorbConcurrency: number;
  stallTimeout: number | false | undefined;
  progress: ProgressReporter;
}

/** A xorb a chunk may live in: one built in this upload (its hash known once sealed) or one the CAS has. */
interface XorbRef {
  hash: Uint8Array | undefined;
}

interface Location {
  xorb: XorbRef;
  index: number;
}

/** A chunk of a file and where its bytes are taken from. */
interface Placement extends Location {
  chunk: XetHashedRange;
  hex: string;
}

/** A xorb being filled with new chunks; sealed (serialized, hashed, uploaded) when full. */
class OpenXorb implements XorbRef {
  hash: Uint8Array | undefined;
  chunks: Uint8Array[] = [];
  ranges: XetHashedRange[] = [];
  paths: string[] = [];
  rawBytes = 0;

  fits(size: number): boolean {
    return this.chunks.length < XET_MAX_XORB_CHUNKS && this.rawBytes + size <= XET_MAX_XORB_BYTES;
  }

  push(chunk: Uint8Array, range: XetHashedRange, path: string): number {
    this.chunks.push(chunk);
    this.ranges.push(range);
    this.paths.push(path);
    this.rawBytes += range.size;
    return this.chunks.length - 1;
  }

  pop(): void {
    this.chunks.pop();
    this.paths.pop();
    this.rawBytes -= (this.ranges.pop() as XetHashedRange).size;
  }
}

/** Chunks dedup answers listed: each answer's xorbs, its chunk hashes keyed with its HMAC key (or raw), and its expiry. */
interface DedupAnswer {
  key: Uint8Array | undefined;
  expires: number;
  chunks: Map<string, Location>;
}

/**
 * Uploads LFS files through Xet: each file is chunked and hashed as a stream; the first chunk and every
 * chunk eligible for global dedup (hash ≡ 0 mod 1024) are looked up in the CAS; chunks the CAS or this
 * upload already has are referenced, the others packed into xorbs (at most 64 MiB / 8192 chunks, each
 * chunk LZ4 or BG4+LZ4 compressed when that shrinks it) sent `xorbConcurrency` at a time with retries
 * (a xorb the CAS already has, e.g. from an aborted attempt, is not sent again); then the shard that
 * maps each file (its SHA-256 included) to its chunks. The commit then names the files by SHA-256.
 * @throws {HubHttpError} from the CAS or the token route; {XetUploadError}, {XetTokenError} on answers it cannot use.
 */
export async function uploadXetFiles(files: readonly LfsFile[], context: XetUploadContext): Promise<void> {
  const abort = new AbortController();
  const signal = context.transferOptions.signal ? AbortSignal.any([context.transferOptions.signal, abort.signal]) : abort.signal;
  const session = new XetSession({ ...context, transferOptions: { ...context.transferOptions, signal } }, context.transferOptions.signal);
  try {
    const shardFiles: XetShardFile[] = [];
    await session.prefetchFirstChunks(files);
    for (const file of files) shardFiles.push(await session.addFile(file));
    await session.sealOpenXorb();
    await session.uploadsSettled();
    await session.uploadShards(shardFiles);
  } catch (error) {
    abort.abort(error);
    await session.uploadsSettled().catch(() => undefined);
    throw error;
  }
}

class XetSession {
  readonly #context: XetUploadContext;
  readonly #userSignal: AbortSignal | undefined;
  /** Chunks of xorbs built in this upload, by hash. */
  readonly #local = new Map<string, Location>();
  readonly #dedup: DedupAnswer[] = [];
  readonly #queried = new Set<string>();
  #open = new OpenXorb();
  readonly #sealed: XetShardXorb[] = [];
  readonly #uploads = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;
  /** Per file, in order: where each of its chunks is taken from. */
  readonly #placements = new Map<string, Placement[]>();

  constructor(context: XetUploadContext, userSignal: AbortSignal | undefined) {
    this.#context = context;
    this.#userSignal = userSignal;
  }

  get #signal(): AbortSignal | undefined {
    return this.#context.transferOptions.signal;
  }

  /**
   * Asks the CAS about the first chunk of every file already in memory, `DEDUP_QUERIES_IN_FLIGHT` at a
   * time: many small files would otherwise cost one round trip each, one after the other.
   */
  async prefetchFirstChunks(files: readonly LfsFile[]): Promise<void> {
    const small = files.filter((file) => file.bytes && file.bytes.byteLength > 0);
    await forEachConcurrent(
      small,
      DEDUP_QUERIES_IN_FLIGHT,
      async (file) => {
        const bytes = file.bytes as Uint8Array;
        const chunker = new XetChunker();
        const first = chunker.push(bytes.subarray(0, XET_MAX_CHUNK_SIZE))[0] ?? chunker.finish()[0];
        if (!first) return;
        const hash = xetChunkHash(first);
        const hex = xetHashToHex(hash);
        if (this.#queried.has(hex) || this.#findRemote(hash)) return;
        this.#queried.add(hex);
        const answer = await this.#query(hex);
        if (answer) this.#dedup.push(answer);
      },
      this.#signal,
    );
  }

  /** Chunks, hashes and places one file; returns its shard entry (xorb hashes filled in once sealed). */
  async addFile(file: LfsFile): Promise<XetShardFile> {
    const placements: Placement[] = [];
    this.#placements.set(file.path, placements);
    const chunker = new XetChunker();
    let read = 0;
    for await (const piece of pieces(file)) {
      throwIfAborted(this.#signal);
      this.#throwFailure();
      read += piece.byteLength;
      for (const chunk of chunker.push(piece)) await this.#place(file.path, chunk, placements);
      this.#context.progress.advance("xetChunk", file.path, piece.byteLength);
    }
    for (const chunk of chunker.finish()) await this.#place(file.path, chunk, placements);
    if (read !== file.size) throw new HubError(`Read ${read} bytes of ${file.path} instead of its size ${file.size}`);
    this.#context.progress.complete("xetChunk", file.path);
    // The terms are written with the shard: the file's last xorb may still be open.
    return {
      fileHash: xetFileHash(placements.map((placement) => placement.chunk)),
      sha256: xetHashFromHex(file.sha256),
      terms: [],
    };
  }

  async #place(path: string, chunk: Uint8Array, placements: Placement[]): Promise<void> {
    const hash = xetChunkHash(chunk);
    const hex = xetHashToHex(hash);
    const range = { hash, size: chunk.byteLength };
    let location = this.#local.get(hex) ?? this.#findRemote(hash);
    if (!location && (placements.length === 0 || isGlobalDedupEligible(hash)) && !this.#queried.has(hex)) {
      this.#queried.add(hex);
      const answer = await this.#query(hex);
      if (answer) {
        this.#dedup.push(answer);
        location = findIn(answer, hash);
        // Chunks just placed in the open xorb may be in the xorbs this answer lists: referenced instead.
        if (location) this.#backtrack(placements, answer);
      }
    }
    if (!location) {
      if (!this.#open.fits(range.size)) await this.sealOpenXorb();
      // A chunk kept for a xorb is copied out of a bigger buffer: the source may reuse its buffers, and
      // the rest of a big read should not stay in memory with it.
      const kept = chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
      location = { xorb: this.#open, index: this.#open.push(kept, range, path) };
      this.#local.set(hex, location);
    }
    placements.push({ ...location, chunk: range, hex });
  }

  #findRemote(hash: Uint8Array): Location | undefined {
    const now = Date.now();
    for (const answer of this.#dedup) {
      if (answer.expires <= now) continue;
      const location = findIn(answer, hash);
      if (location) return location;
    }
    return undefined;
  }

  /** Moves the file's last chunks from the tail of the open xorb to the xorbs of a dedup answer, while they are there. */
  #backtrack(placements: Placement[], answer: DedupAnswer): void {
    const open = this.#open;
    const moved = new Map<number, Location>();
    for (let index = placements.length - 1; index >= 0; index--) {
      const placement = placements[index] as Placement;
      if (placement.xorb !== open) break;
      let target = moved.get(placement.index);
      if (!target) {
        if (placement.index !== open.ranges.length - 1) break;
        target = findIn(answer, placement.chunk.hash);
        if (!target) break;
        open.pop();
        this.#local.delete(placement.hex);
        moved.set(placement.index, target);
      }
      placement.xorb = target.xorb;
      placement.index = target.index;
    }
  }

  /** The CAS's dedup answer for a chunk (a shard of xorbs holding it), or undefined when it has none or answers what cannot be read. */
  async #query(hex: string): Promise<DedupAnswer | undefined> {
    const response = await this.#casRequest((access) =>
      hubRequest(this.#context.transferOptions, {
        url: `${access.casUrl}/v1/chunks/default/${hex}`,
        headers: { authorization: `Bearer ${access.accessToken}` },
        responseType: "response",
      }),
    ).catch((error: unknown) => {
      if (error instanceof HubHttpError && error.status === 404) return undefined;
      throw error;
    });
    if (!response) return undefined;
    let shard: XetShard;
    try {
      shard = parseShard(new Uint8Array(await response.arrayBuffer()));
    } catch {
      // A dedup answer is an optimisation: one that cannot be read is ignored, the chunks are uploaded.
      return undefined;
    }
    const key = shard.footer && shard.footer.hmacKey.some((byte) => byte !== 0) ? shard.footer.hmacKey : undefined;
    const expiry = shard.footer?.keyExpiry;
    // No expiry, or one too far away to matter (u64::MAX means none).
    const expires = expiry === undefined || expiry > 1_000_000_000_000n ? Number.POSITIVE_INFINITY : Number(expiry) * 1000;
    const chunks = new Map<string, Location>();
    for (const xorb of shard.xorbs) {
      const ref: XorbRef = { hash: xorb.xorbHash };
      xorb.chunks.forEach((chunk, index) => {
        const name = xetHashToHex(chunk.hash);
        if (!chunks.has(name)) chunks.set(name, { xorb: ref, index });
      });
    }
    return { key, expires, chunks };
  }

  /** Serializes the open xorb (if it has chunks) and starts its upload, once fewer than `xorbConcurrency` are in flight. */
  async sealOpenXorb(): Promise<void> {
    const xorb = this.#open;
    this.#open = new OpenXorb();
    if (xorb.chunks.length === 0) return;
    while (this.#uploads.size >= this.#context.xorbConcurrency) await Promise.race(this.#uploads);
    this.#throwFailure();
    const serialized = serializeXorb(xorb.chunks, "auto");
    xorb.hash = serialized.hash;
    xorb.chunks = [];
    this.#sealed.push({
      xorbHash: serialized.hash,
      rawBytes: xorb.rawBytes,
      bytesOnDisk: serialized.bytes.byteLength,
      chunks: serialized.chunks.map((chunk) => ({ hash: chunk.hash, rawStart: chunk.rawStart, rawLength: chunk.size, flags: 0 })),
    });
    // Raw bytes of each file in this xorb: what its upload reports as sent for that file.
    const perFile = new Map<string, number>();
    xorb.paths.forEach((path, index) => perFile.set(path, (perFile.get(path) ?? 0) + (xorb.ranges[index] as XetHashedRange).size));
    const upload = this.#uploadXorb(serialized.hash, serialized.bytes, perFile).catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#uploads.add(upload);
    void upload.finally(() => this.#uploads.delete(upload));
  }

  async #uploadXorb(hash: Uint8Array, bytes: Uint8Array, perFile: Map<string, number>): Promise<void> {
    const hex = xetHashToHex(hash);
    const { progress } = this.#context;
    const reported = new Map<string, number>();
    const report = (sent: number) => {
      for (const [path, raw] of perFile) {
        const target = sent >= bytes.byteLength ? raw : Math.floor((raw * sent) / bytes.byteLength);
        const delta = target - (reported.get(path) ?? 0);
        if (delta !== 0) progress.advance("uploadXorbs", path, delta);
        reported.set(path, target);
      }
    };
    // A xorb the CAS already has (an earlier attempt sent it) is not sent again.
    if (await this.#casHas(hex)) {
      report(bytes.byteLength);
      return;
    }
    let sent = 0;
    await this.#casRequest((access) =>
      putWithRetry(this.#context.transferOptions, this.#context.retry, {
        method: "POST",
        url: `${access.casUrl}/v1/xorbs/default/${hex}`,
        headers: { authorization: `Bearer ${access.accessToken}` },
        source: { size: bytes.byteLength, bytes, read: (start, end) => new Blob([bytes.subarray(start, end) as BlobPart]).stream() },
        start: 0,
        end: bytes.byteLength,
        stallTimeout: this.#context.stallTimeout,
        onBytes: (delta) => {
          sent += delta;
          report(sent);
        },
      }),
    );
    report(bytes.byteLength);
  }

  /** Whether the CAS already stores a xorb (`HEAD`); a CAS that does not answer HEAD is asked to store it. */
  async #casHas(hex: string): Promise<boolean> {
    try {
      await this.#casRequest((access) =>
        hubRequest(this.#context.transferOptions, {
          method: "HEAD",
          url: `${access.casUrl}/v1/xorbs/default/${hex}`,
          headers: { authorization: `Bearer ${access.accessToken}` },
          responseType: "void",
        }),
      );
      return true;
    } catch (error) {
      if (isAbortError(error, this.#signal) || this.#signal?.aborted) throw error;
      if (error instanceof HubHttpError && error.status === 401) throw error;
      return false;
    }
  }

  /** Waits for every xorb upload; throws the first failure. */
  async uploadsSettled(): Promise<void> {
    while (this.#uploads.size > 0) await Promise.all(this.#uploads);
    this.#throwFailure();
  }

  /** Sends the shards that register the files (and the new xorbs), split below 64 MiB. */
  async uploadShards(files: readonly XetShardFile[]): Promise<void> {
    const { progress } = this.#context;
    // What was not sent of a file was already stored: reported as skipped.
    for (const path of this.#placements.keys()) progress.complete("uploadXorbs", path, true);
    const placements = [...this.#placements.values()];
    files.forEach((file, index) => {
      file.terms = termsOf(placements[index] ?? []);
    });
    const paths = [...this.#placements.keys()];
    for (const shard of splitShards(files, this.#sealed)) {
      const bytes = serializeShard(shard);
      await this.#casRequest((access) =>
        hubRequest(this.#context.transferOptions, {
          method: "POST",
          url: `${access.casUrl}/v1/shards`,
          headers: { authorization: `Bearer ${access.accessToken}`, "content-type": "application/octet-stream" },
          body: bytes as Uint8Array<ArrayBuffer>,
          // Registering the same shard twice changes nothing.
          idempotent: true,
          responseType: "response",
        }).then(finishBody),
      );
    }
    for (const path of paths) progress.advance("uploadShard", path, 0, false, true);
  }

  /** Runs a CAS request with a valid token; once more with a new token when the CAS says the token expired (401). */
  async #casRequest<T>(request: (access: XetAccess) => Promise<T>): Promise<T> {
    const access = await this.#context.token.get();
    try {
      return await request(access);
    } catch (error) {
      if (!(error instanceof HubHttpError && error.status === 401) || this.#userSignal?.aborted) throw error;
      return request(await this.#context.token.renew(access));
    }
  }

  #throwFailure(): void {
    if (this.#failure) throw this.#failure.error;
  }
}

function findIn(answer: DedupAnswer, hash: Uint8Array): Location | undefined {
  return answer.chunks.get(xetHashToHex(answer.key ? xetHmac(hash, answer.key) : hash));
}

function sameXorb(left: XorbRef, right: XorbRef): boolean {
  if (left === right) return true;
  return left.hash !== undefined && right.hash !== undefined && xetHashToHex(left.hash) === xetHashToHex(right.hash);
}

/** Consecutive chunks of one xorb become one term, with its verification hash. */
function termsOf(placements: readonly Placement[]): XetShardFile["terms"] {
  const terms: XetShardFile["terms"] = [];
  let start = 0;
  for (let index = 1; index <= placements.length; index++) {
    const first = placements[start] as Placement;
    const next = placements[index];
    const previous = placements[index - 1] as Placement;
    if (next && next.index === previous.index + 1 && sameXorb(next.xorb, first.xorb)) continue;
    const run = placements.slice(start, index);
    const xorbHash = first.xorb.hash;
    if (!xorbHash) throw new XetUploadError("Internal error: a Xet term refers to a xorb that was never sealed");
    terms.push({
      xorbHash,
      chunkStart: first.index,
      chunkEnd: first.index + run.length,
      rawBytes: run.reduce((total, placement) => total + placement.chunk.size, 0),
      verification: xetVerificationHash(run.map((placement) => placement.chunk.hash)),
    });
    start = index;
  }
  return placements.length === 0 ? [] : terms;
}

/** Files and xorb blocks grouped into shards under the size limit (every xorb is uploaded before any shard). */
function splitShards(files: readonly XetShardFile[], xorbs: readonly XetShardXorb[]): XetShard[] {
  const shards: XetShard[] = [];
  let current: XetShard = { files: [], xorbs: [] };
  let size = SHARD_FIXED_BYTES;
  const add = (bytes: number, put: (shard: XetShard) => void) => {
    if (size + bytes > SHARD_MAX_BYTES && (current.files.length > 0 || current.xorbs.length > 0)) {
      shards.push(current);
      current = { files: [], xorbs: [] };
      size = SHARD_FIXED_BYTES;
    }
    size += bytes;
    put(current);
  };
  for (const file of files) add(SHARD_ENTRY_BYTES * (2 + file.terms.length * 2), (shard) => shard.files.push(file));
  for (const xorb of xorbs) add(SHARD_ENTRY_BYTES * (1 + xorb.chunks.length), (shard) => shard.xorbs.push(xorb));
  shards.push(current);
  return shards;
}

/** The file's bytes as they come: the bytes read in the preupload step, or its source's stream. */
async function* pieces(file: LfsFile): AsyncGenerator<Uint8Array> {
  if (file.bytes) {
    if (file.bytes.byteLength > 0) yield file.bytes;
    return;
  }
  if (file.size === 0) return;
  const reader = file.source.read(0, file.size).getReader();
  let finished = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
