import { describe, expect, it } from "vitest";
import { base64Length, encodeBase64Into, toBase64 } from "./base64.ts";

const reference = (bytes: Uint8Array) => btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));

describe("base64", () => {
  it("matches btoa for every padding case and large inputs", () => {
    for (const size of [0, 1, 2, 3, 4, 5, 4096, 24_575, 24_576, 24_577, 100_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, index) => (index * 7 + 3) % 256);
      expect(toBase64(bytes)).toBe(reference(bytes));
    }
  });

  it("writes into a buffer at any offset, odd or even, and pieces of multiples of 3 bytes concatenate", () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, index) => (index * 31 + 11) % 256);
    for (const offset of [0, 1, 7]) {
      const target = new Uint8Array(offset + base64Length(bytes.byteLength) + 3).fill(33);
      const end = encodeBase64Into(bytes.subarray(0, 600), target, offset);
      const last = encodeBase64Into(bytes.subarray(600), target, end);
      expect(last).toBe(offset + base64Length(1000));
      expect(new TextDecoder().decode(target.subarray(offset, last))).toBe(reference(bytes));
      expect(target[offset - 1] ?? 33).toBe(33);
      expect(target[last]).toBe(33);
    }
  });
});
