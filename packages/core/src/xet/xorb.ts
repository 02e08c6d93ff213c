import { XET_MAX_CHUNK_SIZE } from "./chunker.ts";
import { XetFormatError } from "./errors.ts";
import { type XetHashedRange, xetChunkHash, xetXorbHash } from "./hashes.ts";
import { lz4CompressFrame, lz4DecompressFrame } from "./lz4.ts";

/** Compression scheme of a chunk record: none, an LZ4 frame, or byte-grouping by 4 then an LZ4 frame. */
export type XetCompression = "none" | "lz4" | "bg4-lz4";

const SCHEME_CODES: Record<XetCompression, number> = { none: 0, lz4: 1, "bg4-lz4": 2 };
const SCHEMES: readonly XetCompression[] = ["none", "lz4", "bg4-lz4"];

/** Size of the header before each chunk's payload in a xorb. */
export const XET_CHUNK_HEADER_BYTES = 8;
/** Largest payload a chunk record may carry (compressed bytes). */
export const XET_MAX_CHUNK_PAYLOAD = 262_144;
/** Most chunks in one xorb. */
export const XET_MAX_XORB_CHUNKS = 8192;
/** Most bytes in one xorb (64 MiB; servers allow a little slack for chunk headers). */
export const XET_MAX_XORB_BYTES = 64 * 1024 * 1024;

// The first 7 bytes of a xorb footer, where a chunk header would otherwise start.
const FOOTER_MAGIC = [0x58, 0x45, 0x54, 0x42, 0x4c, 0x4f, 0x42]; // "XETBLOB"

/** Splits bytes into four planes (positions ≡ 0, 1, 2, 3 mod 4), concatenated. */
export function byteGroup4(data: Uint8Array): Uint8Array {
  const output = new Uint8Array(data.length);
  const length = data.length;
  let outputIndex = 0;
  for (let plane = 0; plane < 4; plane++) for (let index = plane; index < length; index += 4) output[outputIndex++] = data[index] as number;
  return output;
}

/** Reverses {@link byteGroup4}. */
export function byteUngroup4(grouped: Uint8Array): Uint8Array {
  const output = new Uint8Array(grouped.length);
  const length = grouped.length;
  let inputIndex = 0;
  for (let plane = 0; plane < 4; plane++)
    for (let index = plane; index < length; index += 4) output[index] = grouped[inputIndex++] as number;
  return output;
}

/** Compresses a chunk with a scheme; returns the payload of its record. */
export function compressChunk(chunk: Uint8Array, compression: XetCompression): Uint8Array {
  if (compression === "none") return chunk;
  if (compression === "lz4") return lz4CompressFrame(chunk);
  return lz4CompressFrame(byteGroup4(chunk));
}

/** Decompresses the payload of a chunk record into `rawLength` bytes. */
export function decompressChunk(payload: Uint8Array, compression: XetCompression, rawLength: number): Uint8Array {
  if (compression === "none") {
    if (payload.length !== rawLength)
      throw new XetFormatError(`Uncompressed chunk has ${payload.length} bytes but its header says ${rawLength}`);
    return payload;
  }
  if (compression === "lz4") return lz4DecompressFrame(payload, rawLength);
  return byteUngroup4(lz4DecompressFrame(payload, rawLength));
}

/**
 * One chunk record of a xorb: an 8-byte header (version 0, u24 payload length, scheme, u24 raw length)
 * and the payload. `compression: "auto"` (the default) tries LZ4 and BG4+LZ4 and keeps the smaller,
 * or stores the chunk raw when neither shrinks it.
 */
export function serializeChunkRecord(chunk: Uint8Array, compression: XetCompression | "auto" = "auto"): Uint8Array {
  if (chunk.length > XET_MAX_CHUNK_SIZE) throw new XetFormatError(`A chunk has at most ${XET_MAX_CHUNK_SIZE} bytes, not ${chunk.length}`);
  let scheme: XetCompression = compression === "auto" ? "none" : compression;
  let payload = compression === "auto" ? chunk : compressChunk(chunk, compression);
  if (compression === "auto") {
    for (const candidate of ["lz4", "bg4-lz4"] as const) {
      const compressed = compressChunk(chunk, candidate);
      if (compressed.length < payload.length) {
        payload = compressed;
        scheme = candidate;
      }
    }
  }
  if (payload.length > XET_MAX_CHUNK_PAYLOAD)
    throw new XetFormatError(`A chunk payload has at most ${XET_MAX_CHUNK_PAYLOAD} bytes, not ${payload.length}`);
  const record = new Uint8Array(XET_CHUNK_HEADER_BYTES + payload.length);
  record[0] = 0;
  writeU24(record, 1, payload.length);
  record[4] = SCHEME_CODES[scheme];
  writeU24(record, 5, chunk.length);
  record.set(payload, XET_CHUNK_HEADER_BYTES);
  return record;
}

function writeU24(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value & 255;
  target[offset + 1] = (value >>> 8) & 255;
  target[offset + 2] = (value >>> 16) & 255;
}

function readU24(source: Uint8Array, offset: number): number {
  return (source[offset] as number) | ((source[offset + 1] as number) << 8) | ((source[offset + 2] as number) << 16);
}

/** A chunk record found in a xorb. */
export interface XetChunkRecord {
  /** Offset of the record's header in the serialized xorb. */
  start: number;
  /** Offset just after its payload. */
  end: number;
  compression: XetCompression;
  /** Raw (uncompressed) length. */
  rawLength: number;
}

/** A decoded chunk: its record, its raw bytes and its hash. */
export interface XetDecodedChunk extends XetChunkRecord {
  data: Uint8Array;
  hash: Uint8Array;
}

function isFooterStart(bytes: Uint8Array, offset: number): boolean {
  if (offset + FOOTER_MAGIC.length > bytes.length) return false;
  return FOOTER_MAGIC.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * Reads the chunk records of serialized xorb bytes (a whole xorb, or a byte range of consecutive records),
 * stopping at a footer (`XETBLOB`) if one follows. Throws `XetFormatError` on a malformed record.
 */
export function readChunkRecords(bytes: Uint8Array): XetChunkRecord[] {
  const records: XetChunkRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (isFooterStart(bytes, offset)) break;
    if (offset + XET_CHUNK_HEADER_BYTES > bytes.length)
      throw new XetFormatError(`Chunk ${records.length} starts at byte ${offset} but its 8-byte header is cut short`);
    const version = bytes[offset] as number;
    if (version !== 0) throw new XetFormatError(`Chunk ${records.length} has header version ${version} (only 0 is known)`);
    const payloadLength = readU24(bytes, offset + 1);
    const schemeCode = bytes[offset + 4] as number;
    const rawLength = readU24(bytes, offset + 5);
    const compression = SCHEMES[schemeCode];
    if (compression === undefined) throw new XetFormatError(`Chunk ${records.length} has unknown compression scheme ${schemeCode}`);
    if (rawLength > XET_MAX_CHUNK_SIZE)
      throw new XetFormatError(`Chunk ${records.length} has ${rawLength} raw bytes (at most ${XET_MAX_CHUNK_SIZE})`);
    if (payloadLength > XET_MAX_CHUNK_PAYLOAD)
      throw new XetFormatError(`Chunk ${records.length} has a ${payloadLength}-byte payload (at most ${XET_MAX_CHUNK_PAYLOAD})`);
    const end = offset + XET_CHUNK_HEADER_BYTES + payloadLength;
    if (end > bytes.length) throw new XetFormatError(`Chunk ${records.length} payload runs past the end of the data`);
    records.push({ start: offset, end, compression, rawLength });
    offset = end;
  }
  return records;
}

/** Decompresses one record of `bytes` (as returned by {@link readChunkRecords}). */
export function decodeChunkRecord(bytes: Uint8Array, record: XetChunkRecord): Uint8Array {
  return decompressChunk(bytes.subarray(record.start + XET_CHUNK_HEADER_BYTES, record.end), record.compression, record.rawLength);
}

/** Decodes and hashes every chunk of serialized xorb bytes. */
export function decodeXorb(bytes: Uint8Array): XetDecodedChunk[] {
  return readChunkRecords(bytes).map((record, index) => {
    let data: Uint8Array;
    try {
      data = decodeChunkRecord(bytes, record);
    } catch (error) {
      if (error instanceof XetFormatError) throw new XetFormatError(`Chunk ${index}: ${error.message}`);
      throw error;
    }
    return { ...record, data, hash: xetChunkHash(data) };
  });
}

/** A xorb built from chunks: its serialized bytes (no footer), its hash and its chunk table. */
export interface XetSerializedXorb {
  bytes: Uint8Array;
  hash: Uint8Array;
  chunks: Array<XetHashedRange & { start: number; end: number; rawStart: number }>;
}

/** With `"auto"`, after this many chunks in a row that no compression shrank... */
const INCOMPRESSIBLE_RUN = 8;
/** ...compression is tried on one chunk in this many only, until a tried chunk shrinks again. */
const INCOMPRESSIBLE_PROBE_EVERY = 16;

/**
 * Serializes chunks into a xorb body as clients upload it, and computes its hash. With `"auto"`,
 * each chunk is stored LZ4 or BG4+LZ4 compressed when that shrinks it; on incompressible data
 * (already compressed weights, archives, random bytes) the two attempts cost several times the rest
 * of the upload, so after a run of chunks that did not shrink only every 16th chunk is tried, until
 * one shrinks again. The choice never changes a hash: chunk and xorb hashes are of the raw bytes.
 */
export function serializeXorb(chunks: readonly Uint8Array[], compression: XetCompression | "auto" = "auto"): XetSerializedXorb {
  if (chunks.length > XET_MAX_XORB_CHUNKS) throw new XetFormatError(`A xorb holds at most ${XET_MAX_XORB_CHUNKS} chunks`);
  // With "auto" a record is never larger than its chunk plus the header (a compressed payload is kept
  // only when smaller), so one buffer of that size holds the body; each record is copied in as it is
  // made. A forced scheme may grow a chunk: the buffer then grows too.
  let bytes = new Uint8Array(chunks.reduce((total, chunk) => total + XET_CHUNK_HEADER_BYTES + chunk.length, 0));
  const table: XetSerializedXorb["chunks"] = [];
  let offset = 0;
  let rawStart = 0;
  let incompressible = 0;
  chunks.forEach((chunk, index) => {
    let record: Uint8Array;
    if (compression !== "auto") record = serializeChunkRecord(chunk, compression);
    else if (incompressible >= INCOMPRESSIBLE_RUN && index % INCOMPRESSIBLE_PROBE_EVERY !== 0) record = serializeChunkRecord(chunk, "none");
    else {
      record = serializeChunkRecord(chunk, "auto");
      incompressible = record[4] === SCHEME_CODES.none ? incompressible + 1 : 0;
    }
    if (offset + record.length > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, offset + record.length));
      grown.set(bytes.subarray(0, offset));
      bytes = grown;
    }
    bytes.set(record, offset);
    table.push({ hash: xetChunkHash(chunk), size: chunk.length, start: offset, end: offset + record.length, rawStart });
    offset += record.length;
    rawStart += chunk.length;
  });
  return { bytes: bytes.subarray(0, offset), hash: xetXorbHash(table), chunks: table };
}
