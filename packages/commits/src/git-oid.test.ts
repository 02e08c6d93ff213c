import { describe, expect, it } from "vitest";
import { gitBlobOid } from "./git-oid.ts";

describe("gitBlobOid", () => {
  it("matches git hash-object", async () => {
    // printf 'Hello, World!' | git hash-object --stdin; and the empty blob.
    expect(await gitBlobOid(new TextEncoder().encode("Hello, World!"))).toBe("b45ef6fec89518d314f546fd6c3025367b721684");
    expect(await gitBlobOid(new Uint8Array(0))).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  });
});
