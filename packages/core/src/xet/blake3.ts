import { blake3 } from "@noble/hashes/blake3.js";
import { BLAKE3_KEY, BLAKE3_OUTPUT, BLAKE3_WASM_CHUNKS, blake3Wasm, WASM_INPUT } from "./wasm.ts";

/*
 * BLAKE3 keyed hashing (32-byte output) for the Xet hashes: one-shot over a whole message (a chunk is at
 * most 128 KiB), with the compression function unrolled on local variables. @noble/hashes' general
 * BLAKE3 runs at about a sixth of this speed; it remains the path on big-endian platforms.
 */
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const CHUNK_START = 1;
const CHUNK_END = 2;
const PARENT = 4;
const ROOT = 8;
const KEYED_HASH = 16;
const CHUNK_BYTES = 1024;
const BLOCK_BYTES = 64;

interface Scratch {
  littleEndian: boolean;
  block: Uint8Array;
  blockWords: Int32Array;
  keyWords: Int32Array;
  cv: Int32Array;
  stack: Int32Array;
}

let state: Scratch | undefined;

function scratch(): Scratch {
  if (state) return state;
  const block = new Uint8Array(BLOCK_BYTES);
  state = {
    littleEndian: new Uint8Array(new Uint32Array([1]).buffer)[0] === 1,
    block,
    blockWords: new Int32Array(block.buffer),
    keyWords: new Int32Array(8),
    cv: new Int32Array(8),
    // 54 levels cover 2^54 chunks; one more slot holds the right child of a merge.
    stack: new Int32Array(8 * 55),
  };
  return state;
}

/** Compresses one 64-byte block (16 words of `m` from `offset`) into the chaining value `cv`, in place. */
function compress(
  cv: Int32Array,
  m: Int32Array,
  offset: number,
  counterLow: number,
  counterHigh: number,
  blockLength: number,
  flags: number,
): void {
  let s0 = cv[0] as number,
    s1 = cv[1] as number,
    s2 = cv[2] as number,
    s3 = cv[3] as number;
  let s4 = cv[4] as number,
    s5 = cv[5] as number,
    s6 = cv[6] as number,
    s7 = cv[7] as number;
  let s8 = 0x6a09e667 | 0,
    s9 = 0xbb67ae85 | 0,
    s10 = 0x3c6ef372 | 0,
    s11 = 0xa54ff53a | 0;
  let s12 = counterLow | 0,
    s13 = counterHigh | 0,
    s14 = blockLength | 0,
    s15 = flags | 0;
  let m0 = m[offset] as number,
    m1 = m[offset + 1] as number,
    m2 = m[offset + 2] as number,
    m3 = m[offset + 3] as number;
  let m4 = m[offset + 4] as number,
    m5 = m[offset + 5] as number,
    m6 = m[offset + 6] as number,
    m7 = m[offset + 7] as number;
  let m8 = m[offset + 8] as number,
    m9 = m[offset + 9] as number,
    m10 = m[offset + 10] as number,
    m11 = m[offset + 11] as number;
  let m12 = m[offset + 12] as number,
    m13 = m[offset + 13] as number,
    m14 = m[offset + 14] as number,
    m15 = m[offset + 15] as number;
  let t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;
  for (let round = 0; round < 7; round++) {
    s0 = (s0 + s4 + m0) | 0;
    s12 ^= s0;
    s12 = (s12 >>> 16) | (s12 << 16);
    s8 = (s8 + s12) | 0;
    s4 ^= s8;
    s4 = (s4 >>> 12) | (s4 << 20);
    s0 = (s0 + s4 + m1) | 0;
    s12 ^= s0;
    s12 = (s12 >>> 8) | (s12 << 24);
    s8 = (s8 + s12) | 0;
    s4 ^= s8;
    s4 = (s4 >>> 7) | (s4 << 25);
    s1 = (s1 + s5 + m2) | 0;
    s13 ^= s1;
    s13 = (s13 >>> 16) | (s13 << 16);
    s9 = (s9 + s13) | 0;
    s5 ^= s9;
    s5 = (s5 >>> 12) | (s5 << 20);
    s1 = (s1 + s5 + m3) | 0;
    s13 ^= s1;
    s13 = (s13 >>> 8) | (s13 << 24);
    s9 = (s9 + s13) | 0;
    s5 ^= s9;
    s5 = (s5 >>> 7) | (s5 << 25);
    s2 = (s2 + s6 + m4) | 0;
    s14 ^= s2;
    s14 = (s14 >>> 16) | (s14 << 16);
    s10 = (s10 + s14) | 0;
    s6 ^= s10;
    s6 = (s6 >>> 12) | (s6 << 20);
    s2 = (s2 + s6 + m5) | 0;
    s14 ^= s2;
    s14 = (s14 >>> 8) | (s14 << 24);
    s10 = (s10 + s14) | 0;
    s6 ^= s10;
    s6 = (s6 >>> 7) | (s6 << 25);
    s3 = (s3 + s7 + m6) | 0;
    s15 ^= s3;
    s15 = (s15 >>> 16) | (s15 << 16);
    s11 = (s11 + s15) | 0;
    s7 ^= s11;
    s7 = (s7 >>> 12) | (s7 << 20);
    s3 = (s3 + s7 + m7) | 0;
    s15 ^= s3;
    s15 = (s15 >>> 8) | (s15 << 24);
    s11 = (s11 + s15) | 0;
    s7 ^= s11;
    s7 = (s7 >>> 7) | (s7 << 25);
    s0 = (s0 + s5 + m8) | 0;
    s15 ^= s0;
    s15 = (s15 >>> 16) | (s15 << 16);
    s10 = (s10 + s15) | 0;
    s5 ^= s10;
    s5 = (s5 >>> 12) | (s5 << 20);
    s0 = (s0 + s5 + m9) | 0;
    s15 ^= s0;
    s15 = (s15 >>> 8) | (s15 << 24);
    s10 = (s10 + s15) | 0;
    s5 ^= s10;
    s5 = (s5 >>> 7) | (s5 << 25);
    s1 = (s1 + s6 + m10) | 0;
    s12 ^= s1;
    s12 = (s12 >>> 16) | (s12 << 16);
    s11 = (s11 + s12) | 0;
    s6 ^= s11;
    s6 = (s6 >>> 12) | (s6 << 20);
    s1 = (s1 + s6 + m11) | 0;
    s12 ^= s1;
    s12 = (s12 >>> 8) | (s12 << 24);
    s11 = (s11 + s12) | 0;
    s6 ^= s11;
    s6 = (s6 >>> 7) | (s6 << 25);
    s2 = (s2 + s7 + m12) | 0;
    s13 ^= s2;
    s13 = (s13 >>> 16) | (s13 << 16);
    s8 = (s8 + s13) | 0;
    s7 ^= s8;
    s7 = (s7 >>> 12) | (s7 << 20);
    s2 = (s2 + s7 + m13) | 0;
    s13 ^= s2;
    s13 = (s13 >>> 8) | (s13 << 24);
    s8 = (s8 + s13) | 0;
    s7 ^= s8;
    s7 = (s7 >>> 7) | (s7 << 25);
    s3 = (s3 + s4 + m14) | 0;
    s14 ^= s3;
    s14 = (s14 >>> 16) | (s14 << 16);
    s9 = (s9 + s14) | 0;
    s4 ^= s9;
    s4 = (s4 >>> 12) | (s4 << 20);
    s3 = (s3 + s4 + m15) | 0;
    s14 ^= s3;
    s14 = (s14 >>> 8) | (s14 << 24);
    s9 = (s9 + s14) | 0;
    s4 ^= s9;
    s4 = (s4 >>> 7) | (s4 << 25);

    t0 = m2;
    t1 = m6;
    t2 = m3;
    t3 = m10;
    t4 = m7;
    t5 = m0;
    t6 = m4;
    t7 = m13;
    t8 = m1;
    t9 = m11;
    t10 = m12;
    t11 = m5;
    t12 = m9;
    t13 = m14;
    t14 = m15;
    t15 = m8;
    m0 = t0;
    m1 = t1;
    m2 = t2;
    m3 = t3;
    m4 = t4;
    m5 = t5;
    m6 = t6;
    m7 = t7;
    m8 = t8;
    m9 = t9;
    m10 = t10;
    m11 = t11;
    m12 = t12;
    m13 = t13;
    m14 = t14;
    m15 = t15;
  }
  cv[0] = s0 ^ s8;
  cv[1] = s1 ^ s9;
  cv[2] = s2 ^ s10;
  cv[3] = s3 ^ s11;
  cv[4] = s4 ^ s12;
  cv[5] = s5 ^ s13;
  cv[6] = s6 ^ s14;
  cv[7] = s7 ^ s15;
}

/**
 * The parent of the subtree at stack slot `depth` (left) and `cv` (right), into `cv`: the right child goes to
 * the next slot so that the 16 message words are contiguous.
 */
function mergeParent(cv: Int32Array, keyWords: Int32Array, stack: Int32Array, depth: number, flags: number): void {
  const right = (depth + 1) * 8;
  for (let index = 0; index < 8; index++) {
    stack[right + index] = cv[index] as number;
    cv[index] = keyWords[index] as number;
  }
  compress(cv, stack, depth * 8, 0, 0, BLOCK_BYTES, flags);
}

/**
 * Pushes the chaining value of a subtree (`done` subtrees of its size are now complete) on the stack, merging
 * completed subtrees first: as many as there are trailing zero bits in `done`. Returns the new depth.
 */
function pushSubtree(cv: Int32Array, keyWords: Int32Array, stack: Int32Array, depth: number, done: number): number {
  for (; (done & 1) === 0; done >>>= 1) {
    depth--;
    mergeParent(cv, keyWords, stack, depth, KEYED_HASH | PARENT);
  }
  for (let index = 0; index < 8; index++) stack[depth * 8 + index] = cv[index] as number;
  return depth + 1;
}

/** BLAKE3 keyed hash of `message` under a 32-byte key, 32 bytes of output. */
export function blake3Keyed(key: Uint8Array, message: Uint8Array): Uint8Array {
  const { littleEndian, block, blockWords, keyWords, cv, stack } = scratch();
  if (!littleEndian) return blake3(message, { key });
  for (let index = 0; index < 8; index++)
    keyWords[index] =
      (key[index * 4] as number) |
      ((key[index * 4 + 1] as number) << 8) |
      ((key[index * 4 + 2] as number) << 16) |
      ((key[index * 4 + 3] as number) << 24);
  const length = message.length;
  // Whole blocks are read in place when the message is 4-byte aligned; others go through the scratch block.
  const words = message.byteOffset % 4 === 0 ? new Int32Array(message.buffer, message.byteOffset, length >>> 2) : undefined;
  const chunkCount = Math.max(1, Math.ceil(length / CHUNK_BYTES));
  // Whole chunks of a multi-chunk message go four at a time through the SIMD kernel, in windows of its input size.
  const wholeChunks = chunkCount > 1 ? Math.floor(length / CHUNK_BYTES) : 0;
  const wasm = wholeChunks >= 4 && chunkCount < 2 ** 32 ? blake3Wasm() : undefined;
  if (wasm) wasm.words.set(keyWords, BLAKE3_KEY >>> 2);
  let depth = 0;
  let chunk = 0;
  while (chunk < chunkCount) {
    if (wasm && chunk + 4 <= wholeChunks) {
      // A window of whole chunks (a multiple of 4 of them, from a multiple of 128): their chaining values, then
      // their parents level by level while the count stays even, short of the root (which a message of one
      // window would reach), as subtrees of 2^level chunks.
      const count = Math.min(BLAKE3_WASM_CHUNKS, (wholeChunks - chunk) & ~3);
      wasm.memory.set(message.subarray(chunk * CHUNK_BYTES, (chunk + count) * CHUNK_BYTES), WASM_INPUT);
      wasm.chunks(count / 4, chunk);
      let units = count;
      let size = 1;
      while (units % 2 === 0 && !(units === 2 && chunk === 0 && count === chunkCount)) {
        wasm.parents(Math.ceil(units / 8));
        units /= 2;
        size *= 2;
      }
      const output = wasm.words;
      for (let unit = 0; unit < units; unit++) {
        const from = (BLAKE3_OUTPUT >>> 2) + unit * 8;
        for (let index = 0; index < 8; index++) cv[index] = output[from + index] as number;
        const end = chunk + (unit + 1) * size;
        // The last subtree of the message stays in `cv` for the final merges.
        if (end < chunkCount) depth = pushSubtree(cv, keyWords, stack, depth, end / size);
      }
      chunk += count;
      continue;
    }
    const chunkStart = chunk * CHUNK_BYTES;
    const chunkLength = Math.min(CHUNK_BYTES, length - chunkStart);
    const blocks = Math.max(1, Math.ceil(chunkLength / BLOCK_BYTES));
    cv.set(keyWords);
    const counterLow = chunk >>> 0;
    const counterHigh = Math.floor(chunk / 2 ** 32);
    for (let blockIndex = 0; blockIndex < blocks; blockIndex++) {
      const blockStart = chunkStart + blockIndex * BLOCK_BYTES;
      const blockLength = Math.min(BLOCK_BYTES, chunkLength - blockIndex * BLOCK_BYTES);
      let flags = KEYED_HASH;
      if (blockIndex === 0) flags |= CHUNK_START;
      if (blockIndex === blocks - 1) {
        flags |= CHUNK_END;
        if (chunkCount === 1) flags |= ROOT;
      }
      if (words && blockLength === BLOCK_BYTES) compress(cv, words, blockStart >>> 2, counterLow, counterHigh, blockLength, flags);
      else {
        block.fill(0);
        block.set(message.subarray(blockStart, blockStart + blockLength));
        compress(cv, blockWords, 0, counterLow, counterHigh, blockLength, flags);
      }
    }
    if (chunk < chunkCount - 1) depth = pushSubtree(cv, keyWords, stack, depth, chunk + 1);
    chunk++;
  }
  while (depth > 0) {
    depth--;
    mergeParent(cv, keyWords, stack, depth, KEYED_HASH | PARENT | (depth === 0 ? ROOT : 0));
  }
  const output = new Uint8Array(32);
  for (let index = 0; index < 8; index++) {
    const word = cv[index] as number;
    output[index * 4] = word & 255;
    output[index * 4 + 1] = (word >>> 8) & 255;
    output[index * 4 + 2] = (word >>> 16) & 255;
    output[index * 4 + 3] = (word >>> 24) & 255;
  }
  return output;
}
