import { XetFormatError } from "./errors.ts";
import { XET_HASH_BYTES } from "./hex.ts";

// The 32-byte tag that opens every shard: "HFRepoMetaData", a zero byte, then 17 fixed bytes.
const SHARD_TAG = new Uint8Array([
  ...Array.from("HFRepoMetaData", (letter) => letter.charCodeAt(0)),
  0,
  85,
  105,
  103,
  69,
  106,
  123,
  129,
  87,
  131,
  165,
  189,
  217,
  92,
  205,
  209,
  74,
  169,
]);
const HEADER_BYTES = 48;
const ENTRY_BYTES = 48;
/** Size of the optional shard footer. */
export const XET_SHARD_FOOTER_BYTES = 200;
const SHARD_VERSION = 2;
const FOOTER_VERSION = 1;
/** File flag: a verification entry follows each term. */
export const XET_FILE_FLAG_VERIFICATION = 0x8000_0000;
/** File flag: a metadata extension (the SHA-256) follows. */
export const XET_FILE_FLAG_METADATA = 0x4000_0000;
/** Chunk flag: index this chunk for global dedup. */
export const XET_CHUNK_FLAG_GLOBAL_DEDUP = 0x8000_0000;
/** Shard key expiry meaning "never". */
export const XET_SHARD_NO_EXPIRY = 2n ** 64n - 1n;

/** One term of a file: a chunk range `[chunkStart, chunkEnd)` of a xorb. */
export interface XetShardTerm {
  xorbHash: Uint8Array;
  /** Raw bytes of the range. */
  rawBytes: number;
  chunkStart: number;
  chunkEnd: number;
  /** The range's verification hash (present when the file carries the verification flag). */
  verification?: Uint8Array;
}

/** A file-info block: a file hash and the terms that rebuild it. */
export interface XetShardFile {
  fileHash: Uint8Array;
  terms: XetShardTerm[];
  /** The SHA-256 of the file, in the hash word layout (so `xetHashToHex(sha256)` is its ordinary hex). */
  sha256?: Uint8Array;
}

/** One chunk of a xorb-info block. */
export interface XetShardChunk {
  hash: Uint8Array;
  /** Offset of the chunk's raw bytes in the xorb (cumulative raw lengths). */
  rawStart: number;
  rawLength: number;
  flags: number;
}

/** A xorb-info block ("CAS info"): the chunks a xorb holds. */
export interface XetShardXorb {
  xorbHash: Uint8Array;
  chunks: XetShardChunk[];
  /** Total raw bytes. */
  rawBytes: number;
  /** Serialized size (0 when the writer did not say). */
  bytesOnDisk: number;
}

/** The footer of a shard (dedup answers need one; uploads may have one). */
export interface XetShardFooter {
  /** 32 zero bytes: hashes are raw; else each chunk hash in the shard is `xetHmac(hash, key)`. */
  hmacKey: Uint8Array;
  creationTimestamp: bigint;
  keyExpiry: bigint;
  storedBytesOnDisk: bigint;
  materializedBytes: bigint;
  storedBytes: bigint;
}

/** A parsed or to-be-written shard. */
export interface XetShard {
  files: XetShardFile[];
  xorbs: XetShardXorb[];
  footer?: XetShardFooter;
}

class Reader {
  readonly view: DataView;
  offset = 0;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(count: number, what: string): void {
    if (this.offset + count > this.bytes.length) throw new XetFormatError(`Shard is truncated in ${what} (byte ${this.offset})`);
  }
  hash(): Uint8Array {
    const hash = this.bytes.slice(this.offset, this.offset + XET_HASH_BYTES);
    this.offset += XET_HASH_BYTES;
    return hash;
  }
  u32(): number {
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }
  u64(): bigint {
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return value;
  }
  isBookend(): boolean {
    for (let index = 0; index < XET_HASH_BYTES; index++) if (this.bytes[this.offset + index] !== 0xff) return false;
    return true;
  }
}

/**
 * Parses a shard: header, file-info section, xorb-info section and, when the header announces one, the footer.
 * Lookup tables (only in on-disk shards) are skipped. Throws `XetFormatError` on malformed bytes.
 */
export function parseShard(bytes: Uint8Array): XetShard {
  const reader = new Reader(bytes);
  reader.need(HEADER_BYTES, "the header");
  for (let index = 0; index < SHARD_TAG.length; index++)
    if (bytes[index] !== SHARD_TAG[index]) throw new XetFormatError("Not a shard (the header tag does not match)");
  reader.offset = 32;
  const version = reader.u64();
  if (version !== BigInt(SHARD_VERSION)) throw new XetFormatError(`Shard version ${version} is not supported (only 2)`);
  const footerSize = reader.u64();
  if (footerSize !== 0n && footerSize !== BigInt(XET_SHARD_FOOTER_BYTES))
    throw new XetFormatError(`Shard footer size ${footerSize} is neither 0 nor 200`);
  const files: XetShardFile[] = [];
  for (;;) {
    reader.need(ENTRY_BYTES, "the file-info section");
    if (reader.isBookend()) {
      reader.offset += ENTRY_BYTES;
      break;
    }
    const fileHash = reader.hash();
    const flags = reader.u32();
    const entryCount = reader.u32();
    reader.offset += 8;
    reader.need(entryCount * ENTRY_BYTES, `the terms of file ${files.length}`);
    const terms: XetShardTerm[] = [];
    for (let index = 0; index < entryCount; index++) {
      const xorbHash = reader.hash();
      reader.u32();
      const rawBytes = reader.u32();
      const chunkStart = reader.u32();
      const chunkEnd = reader.u32();
      if (chunkEnd <= chunkStart)
        throw new XetFormatError(`File ${files.length} term ${index} has an empty or reversed chunk range [${chunkStart}, ${chunkEnd})`);
      terms.push({ xorbHash, rawBytes, chunkStart, chunkEnd });
    }
    if (flags & XET_FILE_FLAG_VERIFICATION) {
      reader.need(entryCount * ENTRY_BYTES, `the verification entries of file ${files.length}`);
      for (const term of terms) {
        term.verification = reader.hash();
        reader.offset += 16;
      }
    }
    const file: XetShardFile = { fileHash, terms };
    if (flags & XET_FILE_FLAG_METADATA) {
      reader.need(ENTRY_BYTES, `the metadata of file ${files.length}`);
      file.sha256 = reader.hash();
      reader.offset += 16;
    }
    files.push(file);
  }
  const xorbs: XetShardXorb[] = [];
  for (;;) {
    reader.need(ENTRY_BYTES, "the xorb-info section");
    if (reader.isBookend()) {
      reader.offset += ENTRY_BYTES;
      break;
    }
    const xorbHash = reader.hash();
    reader.u32();
    const chunkCount = reader.u32();
    const rawBytes = reader.u32();
    const bytesOnDisk = reader.u32();
    reader.need(chunkCount * ENTRY_BYTES, `the chunks of xorb ${xorbs.length}`);
    const chunks: XetShardChunk[] = [];
    for (let index = 0; index < chunkCount; index++) {
      const hash = reader.hash();
      const rawStart = reader.u32();
      const rawLength = reader.u32();
      const flags = reader.u32();
      reader.u32();
      chunks.push({ hash, rawStart, rawLength, flags });
    }
    xorbs.push({ xorbHash, chunks, rawBytes, bytesOnDisk });
  }
  const shard: XetShard = { files, xorbs };
  if (footerSize !== 0n) {
    if (bytes.length < reader.offset + XET_SHARD_FOOTER_BYTES)
      throw new XetFormatError("Shard announces a footer but is too short for one");
    reader.offset = bytes.length - XET_SHARD_FOOTER_BYTES;
    const footerVersion = reader.u64();
    if (footerVersion !== BigInt(FOOTER_VERSION))
      throw new XetFormatError(`Shard footer version ${footerVersion} is not supported (only 1)`);
    reader.offset = bytes.length - XET_SHARD_FOOTER_BYTES + 72;
    const hmacKey = reader.hash();
    const creationTimestamp = reader.u64();
    const keyExpiry = reader.u64();
    reader.offset += 48;
    const storedBytesOnDisk = reader.u64();
    const materializedBytes = reader.u64();
    const storedBytes = reader.u64();
    shard.footer = { hmacKey, creationTimestamp, keyExpiry, storedBytesOnDisk, materializedBytes, storedBytes };
  }
  return shard;
}

class Writer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  hash(hash: Uint8Array): void {
    if (hash.length !== XET_HASH_BYTES) throw new XetFormatError(`A shard hash has 32 bytes, not ${hash.length}`);
    this.bytes.set(hash, this.offset);
    this.offset += XET_HASH_BYTES;
  }
  u32(value: number): void {
    this.view.setUint32(this.offset, value >>> 0, true);
    this.offset += 4;
  }
  u64(value: bigint | number): void {
    this.view.setBigUint64(this.offset, BigInt(value), true);
    this.offset += 8;
  }
  bookend(): void {
    this.bytes.fill(0xff, this.offset, this.offset + XET_HASH_BYTES);
    this.offset += ENTRY_BYTES;
  }
}

/**
 * Serializes a shard: header, files (with the verification flag when every term carries a verification
 * hash, the metadata flag when `sha256` is set), xorbs, and the footer when `shard.footer` is given
 * (dedup answers; lookup tables empty, their offsets pointing at the footer as the Hub writes them).
 */
export function serializeShard(shard: XetShard): Uint8Array {
  let size = HEADER_BYTES;
  for (const file of shard.files) {
    const verified = file.terms.length > 0 && file.terms.every((term) => term.verification !== undefined);
    size += ENTRY_BYTES * (1 + file.terms.length * (verified ? 2 : 1) + (file.sha256 ? 1 : 0));
  }
  size += ENTRY_BYTES;
  const xorbInfoOffset = size;
  for (const xorb of shard.xorbs) size += ENTRY_BYTES * (1 + xorb.chunks.length);
  size += ENTRY_BYTES;
  const footerOffset = size;
  if (shard.footer) size += XET_SHARD_FOOTER_BYTES;
  const writer = new Writer(size);
  writer.bytes.set(SHARD_TAG, 0);
  writer.offset = 32;
  writer.u64(SHARD_VERSION);
  writer.u64(shard.footer ? XET_SHARD_FOOTER_BYTES : 0);
  for (const file of shard.files) {
    const verified = file.terms.length > 0 && file.terms.every((term) => term.verification !== undefined);
    writer.hash(file.fileHash);
    writer.u32((verified ? XET_FILE_FLAG_VERIFICATION : 0) | (file.sha256 ? XET_FILE_FLAG_METADATA : 0));
    writer.u32(file.terms.length);
    writer.offset += 8;
    for (const term of file.terms) {
      writer.hash(term.xorbHash);
      writer.u32(0);
      writer.u32(term.rawBytes);
      writer.u32(term.chunkStart);
      writer.u32(term.chunkEnd);
    }
    if (verified) {
      for (const term of file.terms) {
        writer.hash(term.verification as Uint8Array);
        writer.offset += 16;
      }
    }
    if (file.sha256) {
      writer.hash(file.sha256);
      writer.offset += 16;
    }
  }
  writer.bookend();
  for (const xorb of shard.xorbs) {
    writer.hash(xorb.xorbHash);
    writer.u32(0);
    writer.u32(xorb.chunks.length);
    writer.u32(xorb.rawBytes);
    writer.u32(xorb.bytesOnDisk);
    for (const chunk of xorb.chunks) {
      writer.hash(chunk.hash);
      writer.u32(chunk.rawStart);
      writer.u32(chunk.rawLength);
      writer.u32(chunk.flags);
      writer.u32(0);
    }
  }
  writer.bookend();
  if (shard.footer) {
    const { footer } = shard;
    writer.u64(FOOTER_VERSION);
    writer.u64(HEADER_BYTES);
    writer.u64(xorbInfoOffset);
    // No lookup tables: each table's offset is the footer's, with zero entries.
    for (let table = 0; table < 3; table++) {
      writer.u64(footerOffset);
      writer.u64(0);
    }
    writer.hash(footer.hmacKey);
    writer.u64(footer.creationTimestamp);
    writer.u64(footer.keyExpiry);
    writer.offset += 48;
    writer.u64(footer.storedBytesOnDisk);
    writer.u64(footer.materializedBytes);
    writer.u64(footer.storedBytes);
    writer.u64(footerOffset);
  }
  return writer.bytes;
}
