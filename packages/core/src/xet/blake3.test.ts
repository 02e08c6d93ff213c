import { blake3 } from "@noble/hashes/blake3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blake3Keyed } from "./blake3.ts";
import { setXetWasmEnabled, xetKernel } from "./wasm.ts";

function bytes(length: number, seed: number): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length }, () => (x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) >>> 24);
}

describe.each(["wasm", "js"] as const)("blake3Keyed (%s kernel)", (kernel) => {
  beforeAll(() => setXetWasmEnabled(kernel === "wasm"));
  afterAll(() => setXetWasmEnabled(true));

  it("equals @noble/hashes' keyed BLAKE3 on every length class (blocks, chunks, subtrees, unaligned views)", () => {
    expect(xetKernel()).toBe(kernel);
    const key = bytes(32, 7);
    // Around the 4-chunk groups and the 128-chunk windows of the SIMD kernel too.
    const lengths = [
      0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 4095, 4096, 4097, 5000, 7168, 8192, 9216, 31_744, 65_536, 100_000, 131_072,
      12_288, 132_096, 135_168, 262_144, 262_145, 300_000, 393_216,
    ];
    for (const length of lengths) {
      const message = bytes(length + 1, length);
      expect(blake3Keyed(key, message.subarray(0, length))).toEqual(blake3(message.subarray(0, length), { key }));
      // An unaligned view of the same bytes.
      expect(blake3Keyed(key, message.subarray(1, length + 1))).toEqual(blake3(message.subarray(1, length + 1), { key }));
    }
  });
});
