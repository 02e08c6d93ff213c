import { GEAR_TABLE_HEX } from "./gear-table.ts";
import { GEAR_STATE, gearWasm, WASM_INPUT } from "./wasm.ts";

/** Target chunk size of Xet content-defined chunking (64 KiB). */
export const XET_TARGET_CHUNK_SIZE = 65_536;
/** Smallest chunk except the last one of a file (8 KiB). */
export const XET_MIN_CHUNK_SIZE = XET_TARGET_CHUNK_SIZE / 8;
/** Largest chunk (128 KiB); no chunk exceeds it. */
export const XET_MAX_CHUNK_SIZE = XET_TARGET_CHUNK_SIZE * 2;
// Bytes of a chunk skipped without hashing: the 64-byte window cannot reach a position where a cut counts.
const SKIPPED_BYTES = XET_MIN_CHUNK_SIZE - 64 - 1;
// The boundary mask keeps the top 16 bits of the 64-bit hash, i.e. the top 16 bits of its high half.
const HIGH_MASK = 0xffff_0000 | 0;
// Bytes copied into the WebAssembly gear kernel at a time.
const GEAR_WINDOW = 16_384;

let tables: { low: Int32Array; high: Int32Array } | undefined;

// The gear table as two u32 halves, built on first use (no module-level work).
function gearTables(): { low: Int32Array; high: Int32Array } {
  if (tables) return tables;
  const low = new Int32Array(256);
  const high = new Int32Array(256);
  for (let index = 0; index < 256; index++) {
    high[index] = Number.parseInt(GEAR_TABLE_HEX.slice(index * 16, index * 16 + 8), 16);
    low[index] = Number.parseInt(GEAR_TABLE_HEX.slice(index * 16 + 8, index * 16 + 16), 16);
  }
  tables = { low, high };
  return tables;
}

/**
 * Streaming content-defined chunker of Xet (gear hash, 8 KiB / 64 KiB / 128 KiB, the strict boundary rule:
 * candidates before 8 KiB are ignored, cuts at 128 KiB are forced). Feed bytes in pieces of any size with
 * {@link XetChunker.push}; it returns the chunks completed so far. {@link XetChunker.finish} returns the last one.
 *
 * @example
 * const chunker = new XetChunker();
 * for await (const piece of stream) for (const chunk of chunker.push(piece)) handle(chunk);
 * for (const chunk of chunker.finish()) handle(chunk);
 */
export class XetChunker {
  #pending: Uint8Array[] = [];
  #length = 0;
  #low = 0;
  #high = 0;

  /** Adds bytes; returns the chunks that end inside them (views of `data` when a chunk lies within it, else copies). */
  push(data: Uint8Array): Uint8Array[] {
    const chunks: Uint8Array[] = [];
    const { low: lowTable, high: highTable } = gearTables();
    let start = 0;
    let index = 0;
    const end = data.length;
    while (index < end) {
      // Length of the current chunk before data[index] is `base + index`.
      const base = this.#length - start;
      if (base + index < SKIPPED_BYTES) {
        index = Math.min(end, SKIPPED_BYTES - base);
        continue;
      }
      const limit = Math.min(end, XET_MAX_CHUNK_SIZE - base);
      const wasm = gearWasm();
      let cut = -1;
      if (wasm) {
        // The bytes go into the kernel's memory a window at a time (a chunk usually ends long before the
        // maximum); a candidate before the minimum is passed over, the hash carrying on.
        const { memory, words, scan } = wasm;
        words[GEAR_STATE >>> 2] = this.#low;
        words[(GEAR_STATE >>> 2) + 1] = this.#high;
        while (cut < 0 && index < limit) {
          const windowEnd = Math.min(limit, index + GEAR_WINDOW);
          memory.set(data.subarray(index, windowEnd), WASM_INPUT);
          const first = index;
          while (index < windowEnd) {
            const found = scan(WASM_INPUT + index - first, windowEnd - index);
            if (found < 0) {
              index = windowEnd;
              break;
            }
            index += found;
            if (base + index >= XET_MIN_CHUNK_SIZE) {
              cut = index;
              break;
            }
          }
        }
        this.#low = words[GEAR_STATE >>> 2] as number;
        this.#high = words[(GEAR_STATE >>> 2) + 1] as number;
      } else {
        let low = this.#low;
        let high = this.#high;
        // Int32 halves only (no heap numbers); the carry out of the low half is computed without a branch,
        // from the sign bits of the addends and the sum. Positions before the minimum are hashed untested.
        const unchecked = Math.min(end, XET_MIN_CHUNK_SIZE - 1 - base);
        for (; index < unchecked; index++) {
          const byte = data[index] as number;
          const add = lowTable[byte] as number;
          const shifted = low << 1;
          const sum = (shifted + add) | 0;
          high = ((high << 1) + (low >>> 31) + (highTable[byte] as number) + (((shifted & add) | ((shifted | add) & ~sum)) >>> 31)) | 0;
          low = sum;
        }
        for (; index < limit; index++) {
          const byte = data[index] as number;
          const add = lowTable[byte] as number;
          const shifted = low << 1;
          const sum = (shifted + add) | 0;
          high = ((high << 1) + (low >>> 31) + (highTable[byte] as number) + (((shifted & add) | ((shifted | add) & ~sum)) >>> 31)) | 0;
          low = sum;
          if ((high & HIGH_MASK) === 0) {
            cut = index + 1;
            break;
          }
        }
        this.#low = low;
        this.#high = high;
      }
      if (cut < 0 && base + index === XET_MAX_CHUNK_SIZE) cut = index;
      if (cut < 0) break;
      chunks.push(this.#take(data.subarray(start, cut)));
      start = cut;
      index = cut;
    }
    if (start < end) {
      // A copy: callers may reuse their buffer once push returns.
      this.#pending.push(data.slice(start, end));
      this.#length += end - start;
    }
    return chunks;
  }

  /** Ends the input: returns the last chunk (which may be shorter than the minimum), or nothing when no byte is left. */
  finish(): Uint8Array[] {
    if (this.#length === 0) return [];
    return [this.#take(new Uint8Array(0))];
  }

  #take(tail: Uint8Array): Uint8Array {
    let chunk: Uint8Array;
    if (this.#pending.length === 0) chunk = tail;
    else {
      chunk = new Uint8Array(this.#length + tail.length);
      let offset = 0;
      for (const piece of this.#pending) {
        chunk.set(piece, offset);
        offset += piece.length;
      }
      chunk.set(tail, offset);
    }
    this.#pending = [];
    this.#length = 0;
    this.#low = 0;
    this.#high = 0;
    return chunk;
  }
}

/** The chunk lengths of a whole buffer, in order (none for an empty buffer). */
export function xetChunkLengths(data: Uint8Array): number[] {
  const chunker = new XetChunker();
  return [...chunker.push(data), ...chunker.finish()].map((chunk) => chunk.length);
}
