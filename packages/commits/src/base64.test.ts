import { describe, expect, it } from "vitest";
import { toBase64 } from "./base64.ts";

describe("toBase64", () => {
  it("matches btoa on sizes around its piece boundary", () => {
    for (const size of [0, 1, 2, 3, 4096, 24_575, 24_576, 24_577, 100_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, index) => (index * 7 + 3) % 256);
      expect(toBase64(bytes)).toBe(btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join("")));
    }
  });
});
