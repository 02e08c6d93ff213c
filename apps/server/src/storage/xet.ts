import { createHash } from "node:crypto";
import type { BlobStore, IncomingObject } from "./blobs.ts";
import type { Database } from "./database.ts";
import { InvalidInput, NotFound } from "./errors.ts";
import { grantLfsObject, lfsObjectXetHash, recordLfsObject } from "./lfs-objects.ts";
import { statement } from "./statements.ts";
import {
  type XetHashedRange,
  type XetShardFile,
  XET_CHUNK_FLAG_GLOBAL_DEDUP,
  XET_MAX_XORB_BYTES,
  XET_MAX_XORB_CHUNKS,
  XetFormatError,
  decodeChunkRecord,
  isGlobalDedupEligible,
  parseShard,
  readChunkRecords,
  xetChunkHash,
  xetFileHash,
  xetHashEquals,
  xetHashFromHex,
  xetHashToHex,
  xetVerificationHash,
  xetXorbHash,
} from "@hub/core/xet";

/*
 * Xet storage: xorbs (validated chunk by chunk, stored as blobs), files registered by shards, and the
 * global dedup index. A file registered by a shard is rebuilt from its xorbs and checked against the SHA-256
 * the shard declares, then recorded as an LFS object owned by the uploading repo whose bytes live only in
 * the xorbs (stored once): commits and the per-repo access rules work as for any LFS object, and readers of
 * LFS bytes (the bridge on `resolve`, LFS batch downloads) rebuild it from the xorbs with `readXetFile`.
 */

/** Largest xorb body accepted: 64 MiB of chunks plus their record headers. */
export const MAX_XORB_BODY_BYTES = XET_MAX_XORB_BYTES + XET_MAX_XORB_CHUNKS * 8 + 128 * 1024;
const CHUNK_ENTRY_BYTES = 40;

/** A chunk of a stored xorb. */
export interface StoredXorbChunk {
  hash: Uint8Array;
  rawLength: number;
  /** Offset of its record in the serialized xorb. */
  recordStart: number;
  /** Offset just after its record. */
  recordEnd: number;
}

/** A stored xorb: its blob, serialized size and chunks. */
export interface StoredXorb {
  hash: string;
  blobSha256: string;
  size: number;
  rawBytes: number;
  chunks: StoredXorbChunk[];
}

/** One term of a stored file. */
export interface StoredXetTerm {
  xorb: string;
  start: number;
  end: number;
  rawBytes: number;
}

/** A file registered by a shard. */
export interface StoredXetFile {
  hash: string;
  sha256: string;
  size: number;
  terms: StoredXetTerm[];
}

function invalid(error: unknown, context: string): never {
  if (error instanceof XetFormatError) throw new InvalidInput(`${context}: ${error.message}`);
  throw error;
}

function packChunks(chunks: readonly { hash: Uint8Array; rawLength: number; recordEnd: number }[]): Buffer {
  const packed = Buffer.alloc(chunks.length * CHUNK_ENTRY_BYTES);
  chunks.forEach((chunk, index) => {
    packed.set(chunk.hash, index * CHUNK_ENTRY_BYTES);
    packed.writeUInt32LE(chunk.rawLength, index * CHUNK_ENTRY_BYTES + 32);
    packed.writeUInt32LE(chunk.recordEnd, index * CHUNK_ENTRY_BYTES + 36);
  });
  return packed;
}

function unpackChunks(packed: Buffer): StoredXorbChunk[] {
  const chunks: StoredXorbChunk[] = [];
  let recordStart = 0;
  for (let offset = 0; offset < packed.length; offset += CHUNK_ENTRY_BYTES) {
    const recordEnd = packed.readUInt32LE(offset + 36);
    chunks.push({
      hash: Uint8Array.prototype.slice.call(packed, offset, offset + 32),
      rawLength: packed.readUInt32LE(offset + 32),
      recordStart,
      recordEnd,
    });
    recordStart = recordEnd;
  }
  return chunks;
}

/** A stored xorb, or undefined. */
export function findXorb(db: Database, hash: string): StoredXorb | undefined {
  const row = statement(db, "SELECT hash, blob_sha256, size, raw_bytes, chunks FROM xet_xorbs WHERE hash = ?").get(hash) as
    { hash: string; blob_sha256: string; size: number; raw_bytes: number; chunks: Buffer } | undefined;
  if (!row) return undefined;
  return { hash: row.hash, blobSha256: row.blob_sha256, size: row.size, rawBytes: row.raw_bytes, chunks: unpackChunks(row.chunks) };
}

/**
 * Stores a xorb validated by a {@link XorbReceiver} (every record parsed and decompressed, every chunk
 * hashed) once its xorb hash, recomputed here, matches the one in the URL. Returns false when it was
 * already stored. The receiver's temp file is dropped on any failure.
 * @throws InvalidInput when the bytes are malformed or do not hash to `hash`.
 */
export async function storeXorb(db: Database, blobs: BlobStore, hash: string, receiver: XorbReceiver): Promise<boolean> {
  try {
    const { chunks, records, size } = receiver.finish();
    if (findXorb(db, hash)) {
      await receiver.discard();
      return false;
    }
    if (size === 0 || chunks.length === 0) throw new InvalidInput("Xorb is empty");
    if (chunks.length > XET_MAX_XORB_CHUNKS) throw new InvalidInput(`Xorb has ${chunks.length} chunks (at most ${XET_MAX_XORB_CHUNKS})`);
    const computed = xetHashToHex(xetXorbHash(chunks.map((chunk) => ({ hash: chunk.hash, size: chunk.rawLength }))));
    if (computed !== hash) throw new InvalidInput(`Xorb hash mismatch: the chunks hash to ${computed}, not ${hash}`);
    // A footer after the records (older clients) is not kept: downloads only need the records.
    const stored = receiver.incoming ? await receiver.incoming.keep() : await blobs.putBytes(Buffer.concat(records));
    const rawBytes = chunks.reduce((total, chunk) => total + chunk.rawLength, 0);
    const recordBytes = chunks.at(-1)?.end ?? 0;
    statement(db, "INSERT OR IGNORE INTO xet_xorbs (hash, blob_sha256, size, raw_bytes, chunks, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
      hash,
      stored.sha256,
      recordBytes,
      rawBytes,
      packChunks(chunks.map((chunk) => ({ hash: chunk.hash, rawLength: chunk.rawLength, recordEnd: chunk.end }))),
      new Date().toISOString(),
    );
    return true;
  } catch (error) {
    await receiver.discard();
    throw error;
  }
}

/** A validated chunk of an incoming xorb: its hash, raw length and the end of its record. */
interface ValidatedChunk {
  hash: Uint8Array;
  rawLength: number;
  end: number;
}

const FOOTER_MAGIC = [..."XETBLOB"].map((letter) => letter.charCodeAt(0));

/**
 * Validates a xorb while its body arrives, piece by piece, without holding the whole body: each chunk record
 * is parsed, decompressed and hashed as soon as its last byte is in (the same record parser and decoder as a
 * whole-body validation, every chunk hashed), then handed to `incoming` (a temp file written and hashed on
 * the way) or, without one, kept for storing at the end. So hashing overlaps the transfer, and memory holds
 * one record at a time. A footer (older clients) ends the records; it is received, not kept.
 */
export class XorbReceiver {
  readonly #chunks: ValidatedChunk[] = [];
  readonly #kept: Uint8Array[] = [];
  /** Pieces received but not validated yet (a record cut between pieces). */
  #pieces: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Length of the record being received, once its header is in. */
  #recordLength: number | undefined;
  #recordsEnd = 0;
  #size = 0;
  #ended = false;
  /** Where validated records go as they are validated (large xorbs); without it they are kept in memory. */
  readonly incoming: IncomingObject | undefined;

  constructor(incoming?: IncomingObject) {
    this.incoming = incoming;
  }

  /** Takes the next piece of the body (it must not change afterwards) and validates the records it completes. */
  push(piece: Uint8Array): void {
    this.#size += piece.length;
    if (this.#ended || piece.length === 0) return;
    this.#pieces.push(piece);
    this.#pendingBytes += piece.length;
    for (;;) {
      if (this.#recordLength === undefined) {
        if (this.#pendingBytes < 8) return;
        const header = this.#take(8, false);
        if (FOOTER_MAGIC.every((byte, index) => header[index] === byte)) {
          this.#ended = true;
          this.#pieces = [];
          this.#pendingBytes = 0;
          return;
        }
        this.#recordLength = 8 + ((header[1] as number) | ((header[2] as number) << 8) | ((header[3] as number) << 16));
      }
      if (this.#pendingBytes < this.#recordLength) return;
      this.#validate(this.#take(this.#recordLength, true));
      this.#recordLength = undefined;
    }
  }

  /** The first `length` pending bytes (a view when they lie in one piece, else a copy); `consume` removes them. */
  #take(length: number, consume: boolean): Uint8Array {
    const first = this.#pieces[0] as Uint8Array;
    let bytes: Uint8Array;
    if (first.length >= length) bytes = first.subarray(0, length);
    else {
      bytes = new Uint8Array(length);
      let filled = 0;
      for (const piece of this.#pieces) {
        const part = piece.subarray(0, length - filled);
        bytes.set(part, filled);
        filled += part.length;
        if (filled === length) break;
      }
    }
    if (consume) {
      let left = length;
      while (left > 0) {
        const piece = this.#pieces[0] as Uint8Array;
        if (piece.length > left) {
          this.#pieces[0] = piece.subarray(left);
          left = 0;
        } else {
          this.#pieces.shift();
          left -= piece.length;
        }
      }
      this.#pendingBytes -= length;
    }
    return bytes;
  }

  #validate(bytes: Uint8Array): void {
    const index = this.#chunks.length;
    // Checked as records come (not only at the end): a body of tiny records must not cost millions of hashes.
    if (index >= XET_MAX_XORB_CHUNKS) throw new InvalidInput(`Xorb has more than ${XET_MAX_XORB_CHUNKS} chunks`);
    let data: Uint8Array;
    let rawLength: number;
    try {
      const [record] = readChunkRecords(bytes);
      if (!record) throw new XetFormatError("a record cannot start with the footer magic");
      data = decodeChunkRecord(bytes, record);
      rawLength = record.rawLength;
    } catch (error) {
      return invalid(error, `Malformed xorb: chunk ${index}`);
    }
    this.#recordsEnd += bytes.length;
    this.#chunks.push({ hash: xetChunkHash(data), rawLength, end: this.#recordsEnd });
    if (this.incoming) this.incoming.append(bytes);
    else this.#kept.push(bytes);
  }

  /** Checks that the body ended at a record boundary (or in a footer); the chunks, the records kept in memory and the body size. */
  finish(): { chunks: ValidatedChunk[]; records: Uint8Array[]; size: number } {
    if (!this.#ended && this.#pendingBytes > 0) {
      // A record cut short: the parser names the problem.
      const rest = Buffer.concat(this.#pieces);
      try {
        readChunkRecords(rest);
      } catch (error) {
        return invalid(error, `Malformed xorb: chunk ${this.#chunks.length}`);
      }
      throw new InvalidInput(`Malformed xorb: chunk ${this.#chunks.length} is cut short`);
    }
    return { chunks: this.#chunks, records: this.#kept, size: this.#size };
  }

  /** Drops what was written (after a failure, or when the xorb turned out to be stored already). */
  async discard(): Promise<void> {
    await this.incoming?.discard();
  }
}

/** A file registered by a shard, by Xet hash. */
export function findXetFile(db: Database, hash: string): StoredXetFile | undefined {
  const row = statement(db, "SELECT hash, sha256, size, terms FROM xet_files WHERE hash = ?").get(hash) as
    { hash: string; sha256: string; size: number; terms: string } | undefined;
  return row ? { hash: row.hash, sha256: row.sha256, size: row.size, terms: JSON.parse(row.terms) as StoredXetTerm[] } : undefined;
}

/** The Xet hash of the file with this SHA-256, if one was uploaded through Xet. */
export function xetHashOfSha256(db: Database, sha256: string): string | undefined {
  const row = statement(db, "SELECT hash FROM xet_files WHERE sha256 = ? LIMIT 1").get(sha256) as { hash: string } | undefined;
  return row?.hash;
}

/** Whether a repo owns the Xet file (it owns the LFS object of its SHA-256: uploaded to it, or in its history). */
export function repoOwnsXetFile(db: Database, repoId: number, hash: string): boolean {
  return (
    statement(
      db,
      "SELECT 1 FROM xet_files JOIN repo_lfs_objects ON repo_lfs_objects.sha256 = xet_files.sha256 WHERE xet_files.hash = ? AND repo_lfs_objects.repo_id = ?",
    ).get(hash, repoId) !== undefined
  );
}

/** Most xorbs one dedup answer lists (each up to 8192 chunk entries of 48 bytes). */
const DEDUP_ANSWER_MAX_XORBS = 16;

/**
 * The xorbs a dedup answer for a chunk lists: the one indexed as holding it, then the xorbs that
 * followed it in the files of the shard that indexed it (up to 16 in all); empty when not indexed.
 */
export function dedupXorbsOfChunk(db: Database, chunkHash: string): string[] {
  const row = statement(db, "SELECT xorb_hash, related FROM xet_dedup_chunks WHERE chunk_hash = ?").get(chunkHash) as
    { xorb_hash: string; related: string } | undefined;
  if (!row) return [];
  const related = row.related ? row.related.split(" ") : [];
  const after = related.slice(related.indexOf(row.xorb_hash) + 1).filter((xorb) => xorb !== row.xorb_hash);
  return [row.xorb_hash, ...after].slice(0, DEDUP_ANSWER_MAX_XORBS);
}

/** Serialized bytes read from a xorb file at a time when a file is rebuilt (whole chunk records, at least one). */
const READ_WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * The decoded bytes of chunk ranges of xorbs, in order, skipping the first `skip` bytes and stopping after
 * `length` bytes: each xorb file is read a few MiB of records at a time (positional reads), never whole.
 */
async function* rangeBytes(
  blobs: BlobStore,
  terms: Iterable<{ xorb: StoredXorb; start: number; end: number }>,
  skip: number,
  length: number,
): AsyncGenerator<Uint8Array> {
  let remaining = length;
  for (const term of terms) {
    const { xorb } = term;
    for (let first = term.start; first < term.end && remaining > 0;) {
      // Chunks [first, last) form one read window.
      const windowStart = (xorb.chunks[first] as StoredXorbChunk).recordStart;
      let last = first + 1;
      while (last < term.end && (xorb.chunks[last] as StoredXorbChunk).recordEnd - windowStart <= READ_WINDOW_BYTES) last++;
      const windowEnd = (xorb.chunks[last - 1] as StoredXorbChunk).recordEnd;
      const bytes = await blobs.readRange(xorb.blobSha256, windowStart, windowEnd);
      let records: ReturnType<typeof readChunkRecords>;
      try {
        records = readChunkRecords(bytes);
      } catch (error) {
        return invalid(error, `Stored xorb ${xorb.hash} is unreadable`);
      }
      for (const record of records) {
        if (remaining <= 0) break;
        if (skip >= record.rawLength) {
          skip -= record.rawLength;
          continue;
        }
        let data: Uint8Array;
        try {
          data = decodeChunkRecord(bytes, record);
        } catch (error) {
          return invalid(error, `Stored xorb ${xorb.hash} is unreadable`);
        }
        const piece = data.subarray(skip, Math.min(data.length, skip + remaining));
        skip = 0;
        remaining -= piece.length;
        yield piece;
      }
      first = last;
    }
  }
}

/** The SHA-256 (hex) of the bytes a file's terms rebuild. */
async function sha256OfTerms(
  blobs: BlobStore,
  xorbs: Map<string, StoredXorb>,
  terms: readonly StoredXetTerm[],
  size: number,
): Promise<string> {
  const hash = createHash("sha256");
  const resolved = terms.map((term) => ({ xorb: xorbs.get(term.xorb) as StoredXorb, start: term.start, end: term.end }));
  for await (const piece of rangeBytes(blobs, resolved, 0, size)) hash.update(piece);
  return hash.digest("hex");
}

/**
 * Bytes `[start, end]` (inclusive) of a file registered by a shard, rebuilt from its xorbs as they are read:
 * what the LFS bridge (`resolve`, LFS batch downloads) serves for objects stored only in xorbs.
 */
export function readXetFile(
  db: Database,
  blobs: BlobStore,
  file: StoredXetFile,
  start = 0,
  end = file.size - 1,
): AsyncGenerator<Uint8Array> {
  if (file.size === 0 || end < start) return (async function* () {})();
  const plan = planReconstruction(db, file, start, end);
  return rangeBytes(blobs, plan.terms, plan.offsetIntoFirstRange, end - start + 1);
}

/** The Xet file holding an LFS object's bytes when they live only in xorbs (else the object is a blob). */
export function xetFileOfLfsObject(db: Database, sha256: string): StoredXetFile | undefined {
  const hash = lfsObjectXetHash(db, sha256);
  return hash ? findXetFile(db, hash) : undefined;
}

function checkFile(
  db: Database,
  file: XetShardFile,
  index: number,
  xorbs: Map<string, StoredXorb>,
): { hash: string; sha256: string; size: number; terms: StoredXetTerm[] } {
  const hash = xetHashToHex(file.fileHash);
  if (!file.sha256) throw new InvalidInput(`File ${hash} has no SHA-256 (metadata extension): files of git repos need one`);
  const leaves: XetHashedRange[] = [];
  const terms: StoredXetTerm[] = [];
  file.terms.forEach((term, termIndex) => {
    const xorbHash = xetHashToHex(term.xorbHash);
    let xorb = xorbs.get(xorbHash);
    if (!xorb) {
      xorb = findXorb(db, xorbHash);
      if (!xorb) throw new InvalidInput(`File ${hash} term ${termIndex} uses xorb ${xorbHash}, which was not uploaded`);
      xorbs.set(xorbHash, xorb);
    }
    if (term.chunkEnd > xorb.chunks.length)
      throw new InvalidInput(
        `File ${hash} term ${termIndex} ends at chunk ${term.chunkEnd} but xorb ${xorbHash} has ${xorb.chunks.length}`,
      );
    const chunks = xorb.chunks.slice(term.chunkStart, term.chunkEnd);
    const rawBytes = chunks.reduce((total, chunk) => total + chunk.rawLength, 0);
    if (rawBytes !== term.rawBytes)
      throw new InvalidInput(`File ${hash} term ${termIndex} declares ${term.rawBytes} bytes but its chunks hold ${rawBytes}`);
    if (!term.verification) throw new InvalidInput(`File ${hash} term ${termIndex} has no verification hash`);
    if (!xetHashEquals(term.verification, xetVerificationHash(chunks.map((chunk) => chunk.hash))))
      throw new InvalidInput(`File ${hash} term ${termIndex} has a wrong verification hash`);
    for (const chunk of chunks) leaves.push({ hash: chunk.hash, size: chunk.rawLength });
    terms.push({ xorb: xorbHash, start: term.chunkStart, end: term.chunkEnd, rawBytes });
  });
  const computed = xetHashToHex(xetFileHash(leaves));
  if (computed !== hash) throw new InvalidInput(`File hash mismatch (file ${index}): its terms hash to ${computed}, not ${hash}`);
  return { hash, sha256: xetHashToHex(file.sha256), size: terms.reduce((total, term) => total + term.rawBytes, 0), terms };
}

/**
 * Validates and registers an uploaded shard for a repo: every term's xorb exists and its chunk range, raw
 * length and verification hash match; every file hash is recomputed; xorb-info blocks agree with the stored
 * xorbs. New files are rebuilt and checked against their SHA-256, then stored as LFS objects; the repo is
 * given each file's object. Returns false when every file was already registered.
 * @throws InvalidInput when anything does not match.
 */
export async function registerShard(db: Database, blobs: BlobStore, repoId: number, bytes: Uint8Array): Promise<boolean> {
  const shard = (() => {
    try {
      return parseShard(bytes);
    } catch (error) {
      return invalid(error, "Malformed shard");
    }
  })();
  const xorbs = new Map<string, StoredXorb>();
  const dedupChunks = new Map<string, string>();
  for (const block of shard.xorbs) {
    const xorbHash = xetHashToHex(block.xorbHash);
    const xorb = findXorb(db, xorbHash);
    if (!xorb) throw new InvalidInput(`Shard lists xorb ${xorbHash}, which was not uploaded`);
    if (block.chunks.length !== xorb.chunks.length)
      throw new InvalidInput(`Shard lists ${block.chunks.length} chunks for xorb ${xorbHash}, which has ${xorb.chunks.length}`);
    block.chunks.forEach((chunk, index) => {
      const stored = xorb.chunks[index] as StoredXorbChunk;
      if (!xetHashEquals(chunk.hash, stored.hash) || chunk.rawLength !== stored.rawLength)
        throw new InvalidInput(`Shard chunk ${index} of xorb ${xorbHash} does not match the stored xorb`);
      if (chunk.flags & XET_CHUNK_FLAG_GLOBAL_DEDUP || isGlobalDedupEligible(chunk.hash))
        dedupChunks.set(xetHashToHex(chunk.hash), xorbHash);
    });
    xorbs.set(xorbHash, xorb);
  }
  const files = shard.files.map((file, index) => checkFile(db, file, index, xorbs));
  let registered = false;
  for (const file of files) {
    const known = findXetFile(db, file.hash);
    if (known && known.sha256 !== file.sha256)
      throw new InvalidInput(`File ${file.hash} is registered with SHA-256 ${known.sha256}, not ${file.sha256}`);
    if (!known) {
      // The SHA-256 the shard declares is what commits name: check it on the rebuilt bytes before trusting it.
      // The bytes stay in the xorbs only; the LFS object records which Xet file rebuilds it.
      const digest = await sha256OfTerms(blobs, xorbs, file.terms, file.size);
      if (digest !== file.sha256) throw new InvalidInput(`Checksum mismatch: expected sha256 ${file.sha256}, received ${digest}`);
      recordLfsObject(db, file.sha256, file.size, file.hash);
      statement(db, "INSERT OR IGNORE INTO xet_files (hash, sha256, size, terms, created_at) VALUES (?, ?, ?, ?, ?)").run(
        file.hash,
        file.sha256,
        file.size,
        JSON.stringify(file.terms),
        new Date().toISOString(),
      );
      registered = true;
    }
    grantLfsObject(db, repoId, file.sha256);
    const first = file.terms[0];
    if (first) {
      const xorb = xorbs.get(first.xorb) as StoredXorb;
      dedupChunks.set(xetHashToHex((xorb.chunks[first.start] as StoredXorbChunk).hash), first.xorb);
    }
  }
  // Every xorb the shard's files use, in file order: what a later dedup answer lists beside the chunk's own.
  const related = [...new Set(files.flatMap((file) => file.terms.map((term) => term.xorb)))].join(" ");
  const insert = statement(db, "INSERT OR IGNORE INTO xet_dedup_chunks (chunk_hash, xorb_hash, related) VALUES (?, ?, ?)");
  for (const [chunk, xorb] of dedupChunks) insert.run(chunk, xorb, related);
  return registered || files.length === 0;
}

/** Parses a hash from a URL; InvalidInput when it is not 64 hex digits. */
export function hashParameter(text: string | undefined): string {
  try {
    return xetHashToHex(xetHashFromHex(text ?? ""));
  } catch (error) {
    return invalid(error, "Invalid hash");
  }
}

/** A file's terms trimmed to the raw byte range `[start, end]` (inclusive), as reconstruction answers them. */
export interface ReconstructionPlan {
  offsetIntoFirstRange: number;
  terms: Array<{ xorb: StoredXorb; start: number; end: number; rawBytes: number }>;
}

/** Which chunks of which xorbs rebuild bytes `[start, end]` of a file. */
export function planReconstruction(db: Database, file: StoredXetFile, start: number, end: number): ReconstructionPlan {
  const plan: ReconstructionPlan = { offsetIntoFirstRange: 0, terms: [] };
  // A file deduplicated against an older one has many terms in the same few xorbs: load each once.
  const loaded = new Map<string, StoredXorb>();
  let position = 0;
  for (const term of file.terms) {
    const termStart = position;
    position += term.rawBytes;
    if (position <= start || termStart > end) continue;
    const xorb = loaded.get(term.xorb) ?? findXorb(db, term.xorb);
    if (!xorb) throw new NotFound(`Xorb ${term.xorb} is missing`);
    loaded.set(term.xorb, xorb);
    let chunkStart = term.start;
    let chunkOffset = termStart;
    // Leading chunks that end at or before `start` are dropped.
    while (chunkOffset + (xorb.chunks[chunkStart] as StoredXorbChunk).rawLength <= start)
      chunkOffset += (xorb.chunks[chunkStart++] as StoredXorbChunk).rawLength;
    if (plan.terms.length === 0) plan.offsetIntoFirstRange = start - chunkOffset;
    let chunkEnd = chunkStart;
    let rawBytes = 0;
    let cursor = chunkOffset;
    while (chunkEnd < term.end && cursor <= end) {
      const length = (xorb.chunks[chunkEnd] as StoredXorbChunk).rawLength;
      cursor += length;
      rawBytes += length;
      chunkEnd++;
    }
    plan.terms.push({ xorb, start: chunkStart, end: chunkEnd, rawBytes });
  }
  return plan;
}
