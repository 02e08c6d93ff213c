import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256.ts";

const encoder = new TextEncoder();
const VECTORS = [
  ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
] as const;
// One million "a" (FIPS 180-2 vector), spans chunk boundaries.
const MILLION_A = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(offset, (offset += chunkSize)));
    },
  });
}

describe("sha256", () => {
  it.each(VECTORS)("hashes %j from every source type", async (text, expected) => {
    const bytes = encoder.encode(text);
    expect(await sha256(bytes)).toBe(expected);
    expect(await sha256(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)).toBe(expected);
    expect(await sha256(new Blob([bytes]))).toBe(expected);
    expect(await sha256(streamOf(bytes, 7))).toBe(expected);
    async function* pieces() {
      for (let offset = 0; offset < bytes.length; offset += 5) yield bytes.subarray(offset, offset + 5);
    }
    expect(await sha256(pieces())).toBe(expected);
  });

  it("hashes inputs larger than one chunk and reports progress", async () => {
    const bytes = new Uint8Array(1_000_000 + 1024 * 1024).fill(97).subarray(0, 1_000_000);
    const progress: number[] = [];
    expect(await sha256(bytes, { onProgress: (done) => progress.push(done) })).toBe(MILLION_A);
    expect(progress).toEqual([1_000_000]);
    const big = new Uint8Array(2.5 * 1024 * 1024).fill(97);
    const blobProgress: number[] = [];
    await sha256(new Blob([big]), { onProgress: (done) => blobProgress.push(done) });
    expect(blobProgress).toEqual([1048576, 2097152, 2621440]);
    expect(await sha256(streamOf(bytes, 65_536))).toBe(MILLION_A);
  });

  it("stops with the signal's reason and cancels a stream source", async () => {
    const controller = new AbortController();
    let cancelled: unknown;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(stream) {
        pulls++;
        stream.enqueue(new Uint8Array(1024));
        if (pulls === 3) controller.abort(new Error("stop hashing"));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    await expect(sha256(endless, { signal: controller.signal })).rejects.toThrow("stop hashing");
    expect(cancelled).toEqual(new Error("stop hashing"));
    const aborted = AbortSignal.abort();
    await expect(sha256(new Uint8Array(10), { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("uses the implementation of the runtime (node:crypto on Node, @noble/hashes on the edge)", async () => {
    const implementation = await import("#sha256");
    const isEdge = typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string";
    expect(implementation.createSha256.toString()).toContain(isEdge ? "bytesToHex" : 'digest("hex")');
  });
});
