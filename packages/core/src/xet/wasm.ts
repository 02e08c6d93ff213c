import { GEAR_TABLE_HEX } from "./gear-table.ts";

/*
 * Two tiny WebAssembly modules, emitted as bytes by the code below (no build step, no dependency) and compiled
 * synchronously on first use: the gear-hash boundary scan with native 64-bit arithmetic, and BLAKE3 over four
 * 1 KiB chunks (and of tree parents) at once with 128-bit SIMD: 144 and about 4,900 bytes, which Chromium
 * compiles synchronously on a page's main thread. Where WebAssembly cannot be compiled from bytes at run time
 * (Cloudflare Workers, a strict Content-Security-Policy, a browser that limits synchronous compilation), or
 * lacks SIMD, the getters return undefined and callers use their pure TypeScript path, which gives the same
 * results.
 */

/** Byte offset of the gear kernel's u64 rolling hash (after the 256 u64 gear table at 0). */
export const GEAR_STATE = 2048;
/** Byte offset of the BLAKE3 kernel's 8 u32 key words. */
export const BLAKE3_KEY = 0;
/** Byte offset of the BLAKE3 kernel's output: 8 u32 words of chaining value per chunk. */
export const BLAKE3_OUTPUT = 64;
/** Byte offset where both kernels read their input; at most {@link WASM_INPUT_BYTES} of it. */
export const WASM_INPUT = 8192;
/** Input bytes a kernel call takes at most. */
export const WASM_INPUT_BYTES = 131_072;
/** Chunks a BLAKE3 call takes at most (its chaining values fill 64..8192). */
export const BLAKE3_WASM_CHUNKS = 128;
const PAGES = 3; // 8 KiB + 128 KiB input fit in three 64 KiB pages

/** The compiled gear kernel: its memory (as bytes and as words) and its scan. */
export interface GearWasm {
  memory: Uint8Array;
  words: Int32Array;
  /** Scans `length` bytes from `pointer` with the hash at GEAR_STATE; returns the 1-based end of the first candidate, or -1. */
  scan: (pointer: number, length: number) => number;
}

/** The compiled BLAKE3 kernel: its memory (as bytes and as words) and its 4-chunk function. */
export interface Blake3Wasm {
  memory: Uint8Array;
  words: Int32Array;
  /**
   * Hashes `groups` × 4 whole 1 KiB non-root chunks from WASM_INPUT, chunk counters from `counter`, keyed with
   * BLAKE3_KEY; their chaining values go to BLAKE3_OUTPUT.
   */
  chunks: (groups: number, counter: number) => void;
  /** Replaces the `groups` × 8 chaining values at BLAKE3_OUTPUT with their `groups` × 4 non-root parents, pair by pair. */
  parents: (groups: number) => void;
}

// Opcodes used below.
const I32 = 0x7f;
const I64 = 0x7e;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I32_LOAD = 0x28;
const I64_LOAD = 0x29;
const I32_LOAD8_U = 0x2d;
const I32_STORE = 0x36;
const I64_STORE = 0x37;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_OR = 0x72;
const I32_EQ = 0x46;
const I32_NE = 0x47;
const I32_GE_U = 0x4f;
const I64_LT_U = 0x54;
const I64_ADD = 0x7c;
const I64_SHL = 0x86;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const VOID = 0x40;
const SIMD = 0xfd;
const I8X16_SHUFFLE = 0x0d;
const I32X4_SPLAT = 0x11;
const I32X4_EXTRACT_LANE = 0x1b;
const I32X4_REPLACE_LANE = 0x1c;
const V128_OR = 0x50;
const V128_XOR = 0x51;
const I32X4_SHL = 0xab;
const I32X4_SHR_U = 0xad;
const I32X4_ADD = 0xae;

function unsigned(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signed(value: number | bigint): number[] {
  let rest = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if ((rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsigned(body.length), ...body];
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (character) => character.charCodeAt(0))];
}

/** A module of one exported memory `m` and functions `f`, `g`, ... of one type, each with its locals and code. */
function module(
  params: number[],
  results: number[],
  functions: { locals: [count: number, type: number][]; code: number[] }[],
): Uint8Array<ArrayBuffer> {
  const bodies = functions.map(({ locals, code }) => {
    const body = [...unsigned(locals.length), ...locals.flatMap(([count, type]) => [...unsigned(count), type]), ...code, END];
    return [...unsigned(body.length), ...body];
  });
  const exports = functions.flatMap((_, index) => [...name(String.fromCharCode(102 + index)), 0x00, index]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, ...unsigned(params.length), ...params, ...unsigned(results.length), ...results]),
    ...section(3, [functions.length, ...functions.map(() => 0)]),
    ...section(5, [1, 0x00, PAGES]),
    ...section(7, [1 + functions.length, ...name("m"), 0x02, 0, ...exports]),
    ...section(10, [functions.length, ...bodies.flat()]),
  ]);
}

function gearModule(): Uint8Array<ArrayBuffer> {
  // Locals: 0 pointer, 1 length, 2 hash (i64), 3 end, 4 start.
  const [pointer, length, hash, end, start] = [0, 1, 2, 3, 4];
  const storeHash = [I32_CONST, ...signed(GEAR_STATE), LOCAL_GET, hash, I64_STORE, 3, 0];
  return module(
    [I32, I32],
    [I32],
    [
      {
        locals: [
          [1, I64],
          [2, I32],
        ],
        code: [
          ...[I32_CONST, ...signed(GEAR_STATE), I64_LOAD, 3, 0, LOCAL_SET, hash],
          ...[LOCAL_GET, pointer, LOCAL_SET, start],
          ...[LOCAL_GET, pointer, LOCAL_GET, length, I32_ADD, LOCAL_SET, end],
          ...[BLOCK, VOID, LOOP, VOID],
          ...[LOCAL_GET, pointer, LOCAL_GET, end, I32_GE_U, BR_IF, 1],
          // hash = (hash << 1) + table[byte]
          ...[LOCAL_GET, hash, I64_CONST, 1, I64_SHL],
          ...[LOCAL_GET, pointer, I32_LOAD8_U, 0, 0, I32_CONST, 3, I32_SHL, I64_LOAD, 3, 0, I64_ADD, LOCAL_TEE, hash],
          ...[LOCAL_GET, pointer, I32_CONST, 1, I32_ADD, LOCAL_SET, pointer],
          // A candidate when the top 16 bits are zero.
          ...[I64_CONST, ...signed(1n << 48n), I64_LT_U, IF, VOID],
          ...storeHash,
          ...[LOCAL_GET, pointer, LOCAL_GET, start, I32_SUB, RETURN, END],
          ...[BR, 0, END, END],
          ...storeHash,
          ...[I32_CONST, ...signed(-1)],
        ],
      },
    ],
  );
}

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a];
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];

function blake3Module(): Uint8Array<ArrayBuffer> {
  // Locals: 0 groups, 1 counter, 2 input, 3 output, 4 block, 5 round, 6 flags;
  // v128: 7..14 chaining values, 15..30 state, 31..46 message words, 47 scratch.
  const [groups, counter, input, output, block, round, flags] = [0, 1, 2, 3, 4, 5, 6];
  const h = (index: number): number => 7 + index;
  const s = (index: number): number => 15 + index;
  const m = (index: number): number => 31 + index;
  const t = 47;
  const simd = (op: number, ...immediate: number[]): number[] => [SIMD, ...unsigned(op), ...immediate];
  const get = (local: number): number[] => [LOCAL_GET, local];
  const set = (local: number): number[] => [LOCAL_SET, local];
  const rotateRight = (bits: number): number[] => {
    if (bits === 16 || bits === 8) {
      const lanes: number[] = [];
      for (let word = 0; word < 4; word++) for (let byte = 0; byte < 4; byte++) lanes.push(word * 4 + ((byte + bits / 8) % 4));
      return [LOCAL_TEE, t, ...get(t), ...simd(I8X16_SHUFFLE, ...lanes)];
    }
    return [LOCAL_TEE, t, I32_CONST, bits, ...simd(I32X4_SHR_U), ...get(t), I32_CONST, 32 - bits, ...simd(I32X4_SHL), ...simd(V128_OR)];
  };
  const g = (a: number, b: number, c: number, d: number, x: number, y: number): number[] => [
    ...get(s(a)),
    ...get(s(b)),
    ...simd(I32X4_ADD),
    ...get(m(x)),
    ...simd(I32X4_ADD),
    LOCAL_TEE,
    s(a),
    ...get(s(d)),
    ...simd(V128_XOR),
    ...rotateRight(16),
    LOCAL_TEE,
    s(d),
    ...get(s(c)),
    ...simd(I32X4_ADD),
    LOCAL_TEE,
    s(c),
    ...get(s(b)),
    ...simd(V128_XOR),
    ...rotateRight(12),
    LOCAL_TEE,
    s(b),
    ...get(s(a)),
    ...simd(I32X4_ADD),
    ...get(m(y)),
    ...simd(I32X4_ADD),
    LOCAL_TEE,
    s(a),
    ...get(s(d)),
    ...simd(V128_XOR),
    ...rotateRight(8),
    LOCAL_TEE,
    s(d),
    ...get(s(c)),
    ...simd(I32X4_ADD),
    LOCAL_TEE,
    s(c),
    ...get(s(b)),
    ...simd(V128_XOR),
    ...rotateRight(7),
    ...set(s(b)),
  ];
  // The message permutation between rounds, one cycle at a time through the scratch local.
  const permute: number[] = [];
  const done = new Set<number>();
  for (let first = 0; first < 16; first++) {
    if (done.has(first)) continue;
    permute.push(...get(m(first)), ...set(t));
    let index = first;
    done.add(index);
    while ((PERMUTATION[index] as number) !== first) {
      const from = PERMUTATION[index] as number;
      permute.push(...get(m(from)), ...set(m(index)));
      index = from;
      done.add(index);
    }
    permute.push(...get(t), ...set(m(index)));
  }
  // Message word w of the four lanes (`stride` bytes apart) from `input`.
  const loadWord = (word: number, stride: number): number[] => {
    const code = [...get(input), I32_LOAD, 2, ...unsigned(word * 4), ...simd(I32X4_SPLAT)];
    for (let lane = 1; lane < 4; lane++)
      code.push(...get(input), I32_LOAD, 2, ...unsigned(lane * stride + word * 4), ...simd(I32X4_REPLACE_LANE, lane));
    return [...code, ...set(m(word))];
  };
  const loadKey: number[] = [];
  for (let word = 0; word < 8; word++)
    loadKey.push(I32_CONST, 0, I32_LOAD, 2, ...unsigned(BLAKE3_KEY + word * 4), ...simd(I32X4_SPLAT), ...set(h(word)));
  // One compression of the four lanes: chaining values h, message m, counters (vector on the stack), flags local.
  const compress = (counters: number[]): number[] => {
    const code: number[] = [];
    for (let word = 0; word < 8; word++) code.push(...get(h(word)), ...set(s(word)));
    for (let word = 0; word < 4; word++)
      code.push(I32_CONST, ...signed((IV[word] as number) | 0), ...simd(I32X4_SPLAT), ...set(s(8 + word)));
    code.push(...counters, ...set(s(12)));
    code.push(I32_CONST, 0, ...simd(I32X4_SPLAT), ...set(s(13)));
    code.push(I32_CONST, ...signed(64), ...simd(I32X4_SPLAT), ...set(s(14)));
    code.push(...get(flags), ...simd(I32X4_SPLAT), ...set(s(15)));
    code.push(I32_CONST, 0, ...set(round), LOOP, VOID);
    code.push(...g(0, 4, 8, 12, 0, 1), ...g(1, 5, 9, 13, 2, 3), ...g(2, 6, 10, 14, 4, 5), ...g(3, 7, 11, 15, 6, 7));
    code.push(...g(0, 5, 10, 15, 8, 9), ...g(1, 6, 11, 12, 10, 11), ...g(2, 7, 8, 13, 12, 13), ...g(3, 4, 9, 14, 14, 15));
    code.push(...permute);
    code.push(...get(round), I32_CONST, 1, I32_ADD, LOCAL_TEE, round, I32_CONST, 7, I32_NE, BR_IF, 0, END);
    for (let word = 0; word < 8; word++) code.push(...get(s(word)), ...get(s(word + 8)), ...simd(V128_XOR), ...set(h(word)));
    return code;
  };
  // The four chaining values out, one after the other; `output` moves past them.
  const storeLanes: number[] = [];
  for (let lane = 0; lane < 4; lane++)
    for (let word = 0; word < 8; word++)
      storeLanes.push(...get(output), ...get(h(word)), ...simd(I32X4_EXTRACT_LANE, lane), I32_STORE, 2, ...unsigned(lane * 32 + word * 4));
  storeLanes.push(...get(output), I32_CONST, ...signed(128), I32_ADD, ...set(output));

  // f(groups, counter): `groups` × 4 whole chunks from WASM_INPUT, chunk counters from `counter`.
  const chunks: number[] = [...[I32_CONST, ...signed(WASM_INPUT), ...set(input)], ...[I32_CONST, ...signed(BLAKE3_OUTPUT), ...set(output)]];
  chunks.push(LOOP, VOID, ...loadKey);
  chunks.push(I32_CONST, 0, ...set(block), LOOP, VOID);
  // flags = KEYED_HASH | CHUNK_START on the first block | CHUNK_END on the last
  chunks.push(
    ...[I32_CONST, 16, ...get(block), I32_CONST, 0, I32_EQ, I32_OR],
    ...[...get(block), I32_CONST, 15, I32_EQ, I32_CONST, 1, I32_SHL, I32_OR, ...set(flags)],
  );
  for (let word = 0; word < 16; word++) chunks.push(...loadWord(word, 1024));
  // Counters counter..counter+3 (their high words are 0).
  chunks.push(
    ...compress([
      ...get(counter),
      ...simd(I32X4_SPLAT),
      ...simd(0x0c, ...[0, 1, 2, 3].flatMap((lane) => [lane, 0, 0, 0])),
      ...simd(I32X4_ADD),
    ]),
  );
  chunks.push(...get(input), I32_CONST, ...signed(64), I32_ADD, ...set(input));
  chunks.push(...get(block), I32_CONST, 1, I32_ADD, LOCAL_TEE, block, I32_CONST, 16, I32_NE, BR_IF, 0, END);
  chunks.push(...storeLanes);
  // The input moves on past the other three chunks.
  chunks.push(...get(input), I32_CONST, ...signed(3072), I32_ADD, ...set(input));
  chunks.push(...get(counter), I32_CONST, 4, I32_ADD, ...set(counter));
  chunks.push(...get(groups), I32_CONST, 1, I32_SUB, LOCAL_TEE, groups, I32_CONST, 0, I32_NE, BR_IF, 0, END);

  // g(groups): the parents of `groups` × 4 pairs of chaining values at BLAKE3_OUTPUT, written over them in
  // order (each group reads its 8 values before writing its 4, ahead of what later groups read).
  const parents: number[] = [...[I32_CONST, ...signed(BLAKE3_OUTPUT), LOCAL_TEE, input, ...set(output)]];
  parents.push(I32_CONST, ...signed(16 | 4), ...set(flags));
  parents.push(LOOP, VOID, ...loadKey);
  for (let word = 0; word < 16; word++) parents.push(...loadWord(word, 64));
  parents.push(...compress([I32_CONST, 0, ...simd(I32X4_SPLAT)]));
  parents.push(...storeLanes);
  parents.push(...get(input), I32_CONST, ...signed(256), I32_ADD, ...set(input));
  parents.push(...get(groups), I32_CONST, 1, I32_SUB, LOCAL_TEE, groups, I32_CONST, 0, I32_NE, BR_IF, 0, END);

  const locals: [number, number][] = [
    [5, I32],
    [41, V128],
  ];
  return module(
    [I32, I32],
    [],
    [
      { locals, code: chunks },
      { locals, code: parents },
    ],
  );
}

function instantiate(
  bytes: Uint8Array<ArrayBuffer>,
): { memory: Uint8Array; words: Int32Array; f: (...args: number[]) => number; g?: (...args: number[]) => number } | undefined {
  try {
    // The callers read and write the kernels' little-endian memory through host-order Int32Arrays.
    if (typeof WebAssembly !== "object" || new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) return undefined;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const buffer = (instance.exports.m as WebAssembly.Memory).buffer;
    const exported = instance.exports as Record<string, (...args: number[]) => number>;
    return { memory: new Uint8Array(buffer), words: new Int32Array(buffer), f: exported.f as (...args: number[]) => number, g: exported.g };
  } catch {
    // No run-time compilation here (Cloudflare Workers, strict CSP) or no SIMD: the TypeScript path it is.
    return undefined;
  }
}

let gear: GearWasm | null | undefined;
let blake3: Blake3Wasm | null | undefined;
let enabled = true;

/** The gear-scan module, compiled on first use; undefined where WebAssembly cannot be compiled. */
export function gearWasm(): GearWasm | undefined {
  if (!enabled) return undefined;
  if (gear === undefined) {
    const made = instantiate(gearModule());
    if (made) {
      for (let index = 0; index < 256; index++) {
        made.words[index * 2 + 1] = Number.parseInt(GEAR_TABLE_HEX.slice(index * 16, index * 16 + 8), 16);
        made.words[index * 2] = Number.parseInt(GEAR_TABLE_HEX.slice(index * 16 + 8, index * 16 + 16), 16);
      }
    }
    gear = made ? { memory: made.memory, words: made.words, scan: made.f } : null;
  }
  return gear ?? undefined;
}

/** The 4-way SIMD BLAKE3 module, compiled on first use; undefined where WebAssembly or its SIMD is missing. */
export function blake3Wasm(): Blake3Wasm | undefined {
  if (!enabled) return undefined;
  if (blake3 === undefined) {
    const made = instantiate(blake3Module());
    blake3 = made?.g ? { memory: made.memory, words: made.words, chunks: made.f, parents: made.g } : null;
  }
  return blake3 ?? undefined;
}

/**
 * Whether @hub/core/xet may use its WebAssembly kernels (default: yes, where the runtime compiles them);
 * `false` forces the pure TypeScript path. Results are identical either way; only the speed differs.
 */
export function setXetWasmEnabled(value: boolean): void {
  enabled = value;
}

/** Which implementation chunking and hashing use in this runtime: `"wasm"` (both kernels), `"wasm-gear"`, or `"js"`. */
export function xetKernel(): "wasm" | "wasm-gear" | "js" {
  if (!gearWasm()) return "js";
  return blake3Wasm() ? "wasm" : "wasm-gear";
}
