import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GEAR_TABLE_HEX } from "./gear-table.ts";
import {
  decodeXorb,
  isGlobalDedupEligible,
  lz4CompressBlock,
  lz4CompressFrame,
  lz4DecompressBlock,
  lz4DecompressFrame,
  parseShard,
  serializeChunkRecord,
  serializeShard,
  serializeXorb,
  XetChunker,
  xetChunkHash,
  xetChunkLengths,
  xetFileHash,
  XetFormatError,
  type XetHashedRange,
  xetHashFromHex,
  xetHashToHex,
  xetHmac,
  xetVerificationHash,
  xetXorbHash,
  xxhash32,
  byteGroup4,
  byteUngroup4,
  setXetWasmEnabled,
  xetKernel,
} from "./index.ts";

// splitmix64, as the xet-core chunking tests use it: each output appended as 8 little-endian bytes.
function splitmix64Bytes(length: number, seed: bigint): Uint8Array {
  const mask = (1n << 64n) - 1n;
  const bytes = new Uint8Array(Math.ceil(length / 8) * 8);
  const view = new DataView(bytes.buffer);
  let state = seed;
  for (let offset = 0; offset < bytes.length; offset += 8) {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    view.setBigUint64(offset, z ^ (z >> 31n), true);
  }
  return bytes.subarray(0, length);
}

function patterned(length: number, multiplier: number, addend: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * multiplier + addend) & 255);
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Deep equality of vitest is slow on large arrays: compare bytes with a loop.
function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

function chunksOf(data: Uint8Array): Uint8Array[] {
  const chunker = new XetChunker();
  return [...chunker.push(data), ...chunker.finish()];
}

function leaves(data: Uint8Array): XetHashedRange[] {
  return chunksOf(data).map((chunk) => ({ hash: xetChunkHash(chunk), size: chunk.length }));
}

let randomMegabyte: Uint8Array | undefined;
// The 1 MB of splitmix64 bytes (seed 0) of the reference vectors, made once.
function referenceRandom(): Uint8Array {
  randomMegabyte ??= splitmix64Bytes(1_000_000, 0n);
  return randomMegabyte;
}

const RANDOM_BOUNDARIES = [
  84493, 134421, 144853, 243318, 271793, 336457, 467529, 494581, 582000, 596735, 616815, 653164, 678202, 724510, 815591, 827760, 958832,
  991092, 1000000,
];

describe("hash hex (per-u64 little-endian)", () => {
  it("writes each 8-byte group reversed", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, index) => index);
    expect(xetHashToHex(bytes)).toBe("0706050403020100" + "0f0e0d0c0b0a0908" + "1716151413121110" + "1f1e1d1c1b1a1918");
    expect(xetHashFromHex(xetHashToHex(bytes))).toEqual(bytes);
  });
  it("refuses what is not 64 hex digits", () => {
    expect(() => xetHashFromHex("abc")).toThrow(XetFormatError);
    expect(() => xetHashFromHex("g".repeat(64))).toThrow(XetFormatError);
  });
});

// Every vector holds on both paths: the WebAssembly kernels (where the runtime compiles them) and pure TypeScript.
describe.each(["wasm", "js"] as const)("%s kernels", (kernel) => {
  beforeAll(() => setXetWasmEnabled(kernel === "wasm"));
  afterAll(() => setXetWasmEnabled(true));

  it("runs on the kernel asked for", () => {
    // Node and the edge test runtime both compile WebAssembly at run time, with SIMD.
    expect(xetKernel()).toBe(kernel);
  });

  describe("chunker", () => {
    it("uses the gear table of rust-gearhash", async () => {
      const bytes = new Uint8Array(2048);
      const view = new DataView(bytes.buffer);
      for (let index = 0; index < 256; index++)
        view.setBigUint64(index * 8, BigInt(`0x${GEAR_TABLE_HEX.slice(index * 16, index * 16 + 16)}`), true);
      expect(await sha256Hex(bytes)).toBe("e1d3936666d7ae7a977c958e9afcc75f90aaca758ce5fbe4ece61dffefe1912c");
    });

    it("cuts 1 MB of splitmix64 data (seed 0) at the reference boundaries, with the reference chunk hashes", async () => {
      const data = referenceRandom();
      expect([data[0], data[127], data[111111]]).toEqual([175, 132, 118]);
      expect(await sha256Hex(data)).toMatch(/^b3d0a1f7.*4befb$/);
      const ends: number[] = [];
      let total = 0;
      for (const length of xetChunkLengths(data)) ends.push((total += length));
      expect(ends).toEqual(RANDOM_BOUNDARIES);
      const hashes = chunksOf(data).map((chunk) => xetHashToHex(xetChunkHash(chunk)));
      expect(hashes[0]).toBe("6eca1e7dadaf08cca5d82d318c800f07c2ddcec115a7e8627e5edd9605b94b8d");
      expect(hashes.at(-1)).toBe("03e5b5f5a088269ec4b329f1e04debfac4cb54b9c0facf038f7e8e0f054be7e2");
    });

    it("finds the same boundaries whatever the sizes of the pieces pushed", () => {
      const data = referenceRandom();
      for (const pieceSize of [1, 63, 4096, 8127, 8128, 65_537, 131_072]) {
        const chunker = new XetChunker();
        const lengths: number[] = [];
        const step = pieceSize === 1 ? 1 : pieceSize;
        // One-byte pieces over a prefix only (the per-call overhead dominates), then the rest.
        const limit = pieceSize === 1 ? 200_000 : data.length;
        for (let start = 0; start < limit; start += step)
          for (const chunk of chunker.push(data.subarray(start, Math.min(limit, start + step)))) lengths.push(chunk.length);
        if (limit < data.length) for (const chunk of chunker.push(data.subarray(limit))) lengths.push(chunk.length);
        for (const chunk of chunker.finish()) lengths.push(chunk.length);
        let total = 0;
        expect(lengths.map((length) => (total += length))).toEqual(RANDOM_BOUNDARIES);
      }
    });

    it("gives the chunks and chunk hashes of one push when fed pieces of random sizes", () => {
      const data = splitmix64Bytes(1_500_000, 11n);
      const whole = chunksOf(data).map((chunk) => xetHashToHex(xetChunkHash(chunk)));
      const expected = chunksOf(data).map((chunk) => chunk.length);
      let seed = 12_345;
      // Piece sizes from 1 byte to 256 KiB, log-uniform: many pieces end inside the skipped prefix, others span chunks.
      const nextSize = (): number => {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
        return Math.max(1, Math.floor(2 ** ((seed / 2 ** 32) * 18)));
      };
      for (let round = 0; round < 3; round++) {
        const chunker = new XetChunker();
        const chunks: Uint8Array[] = [];
        for (let start = 0; start < data.length;) {
          const end = Math.min(data.length, start + nextSize());
          chunks.push(...chunker.push(data.subarray(start, end)));
          start = end;
        }
        chunks.push(...chunker.finish());
        expect(chunks.map((chunk) => chunk.length)).toEqual(expected);
        expect(chunks.map((chunk) => xetHashToHex(xetChunkHash(chunk)))).toEqual(whole);
      }
    });

    it("forces 128 KiB chunks on constant data", () => {
      const lengths = xetChunkLengths(new Uint8Array(1_000_000).fill(59));
      let total = 0;
      expect(lengths.map((length) => (total += length))).toEqual([131072, 262144, 393216, 524288, 655360, 786432, 917504, 1000000]);
    });

    it("gives no chunk for empty input and one for input under the minimum", () => {
      expect(xetChunkLengths(new Uint8Array(0))).toEqual([]);
      expect(xetChunkLengths(new Uint8Array(8000).fill(1))).toEqual([8000]);
    });

    it("ignores boundary candidates before the 8 KiB minimum (the strict rule)", () => {
      // Find data whose gear hash hits the mask between 8128 and 8191 bytes: the strict rule must not cut there.
      for (let seed = 1n; seed < 100n; seed++) {
        const data = splitmix64Bytes(20_000, seed);
        const lengths = xetChunkLengths(data);
        expect(lengths.slice(0, -1).every((length) => length >= 8192 && length <= 131_072)).toBe(true);
      }
    });
  });

  describe("hashes (reference vectors)", () => {
    it("xorb and file hash of 200 000 patterned bytes (2 chunks)", () => {
      const chunks = leaves(patterned(200_000, 7, 13));
      expect(chunks).toHaveLength(2);
      expect(xetHashToHex(xetXorbHash(chunks))).toBe("f0755d96ee199d4f01e83da9fe2c38353de7fd38fb79a320a7d50be510026f74");
      expect(xetHashToHex(xetFileHash(chunks))).toBe("d88d9e0b760f32c90b7c6592b4cb85251c01bb797371e3c637087b96ac578723");
    });

    it("xorb and file hash of 1 000 000 patterned bytes (8 chunks)", () => {
      const chunks = leaves(patterned(1_000_000, 13, 37));
      expect(chunks).toHaveLength(8);
      expect(xetHashToHex(xetXorbHash(chunks))).toBe("7be289d851485c40dcde52dbcf37a7823a5ef0bfcdf1ca1c5a32ad9594c71571");
      expect(xetHashToHex(xetFileHash(chunks))).toBe("041a50f3639f4a080a89237025d643e2a3e22935ca5d7dbc1a38f5c1e859f859");
    });

    it("file hash of the 19 random chunks is the keyed root over all of them", () => {
      const chunks = leaves(referenceRandom());
      expect(chunks).toHaveLength(19);
      expect(xetFileHash(chunks)).not.toEqual(xetXorbHash(chunks));
    });

    it("HMAC of a chunk hash under a shard key", () => {
      const hash = xetHashFromHex("118bbac5c38b2bca9c2b7ae8307786de066696b91b2b5ccb7dbbd4608c966882");
      const key = xetHashFromHex("abcdef0123456789".repeat(4));
      expect(xetHashToHex(xetHmac(hash, key))).toBe("1e1f5ae2bae99fe030647a14a8c5fe6cdce57826387a7552236dfbebed533e04");
    });

    it("verification hash of a range of two chunk hashes", () => {
      const hashes = [
        "118bbac5c38b2bca9c2b7ae8307786de066696b91b2b5ccb7dbbd4608c966882",
        "7884d4de4bcc904767362a91e97eb6c2b6bc5f3a61b640d0cad8bb1129ff0827",
      ].map(xetHashFromHex);
      expect(xetHashToHex(xetVerificationHash(hashes))).toBe("82d580dd3896919ef870af78b2c7bd21e67e79777922bbc8cef1fc21630c308c");
    });

    it("empty file: 64 zeros", () => {
      expect(xetHashToHex(xetFileHash([]))).toBe("0".repeat(64));
      expect(xetHashToHex(xetXorbHash([]))).toBe("0".repeat(64));
    });

    it('"hello world": chunk hash = xorb hash, and its file hash', () => {
      const chunks = leaves(new TextEncoder().encode("hello world"));
      expect(chunks).toHaveLength(1);
      const chunkHash = xetHashToHex((chunks[0] as XetHashedRange).hash);
      expect(chunkHash).toBe("4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1");
      expect(xetHashToHex(xetXorbHash(chunks))).toBe(chunkHash);
      expect(xetHashToHex(xetFileHash(chunks))).toBe("f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f");
    });

    it("dedup eligibility looks at the last u64 word modulo 1024", () => {
      const hash = new Uint8Array(32);
      expect(isGlobalDedupEligible(hash)).toBe(true);
      hash[24] = 1;
      expect(isGlobalDedupEligible(hash)).toBe(false);
      hash[24] = 0;
      hash[25] = 4;
      expect(isGlobalDedupEligible(hash)).toBe(true);
      hash[25] = 2;
      expect(isGlobalDedupEligible(hash)).toBe(false);
    });
  });
});

describe("kernel choice", () => {
  it("falls back to TypeScript by itself where WebAssembly cannot be compiled from bytes (Cloudflare Workers)", async () => {
    const refuse = function Module(): never {
      throw new WebAssembly.CompileError("Wasm code generation disallowed by embedder");
    };
    vi.stubGlobal("WebAssembly", { ...WebAssembly, Module: refuse, CompileError: WebAssembly.CompileError });
    vi.resetModules();
    try {
      const fresh = await import("./index.ts");
      expect(fresh.xetKernel()).toBe("js");
      const chunker = new fresh.XetChunker();
      const chunks = [...chunker.push(patterned(1_000_000, 13, 37)), ...chunker.finish()];
      const hashed = chunks.map((chunk) => ({ hash: fresh.xetChunkHash(chunk), size: chunk.length }));
      expect(fresh.xetHashToHex(fresh.xetFileHash(hashed))).toBe("041a50f3639f4a080a89237025d643e2a3e22935ca5d7dbc1a38f5c1e859f859");
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe("LZ4", () => {
  it("xxhash32 matches the reference values", () => {
    expect(xxhash32(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(xxhash32(new TextEncoder().encode("a"))).toBe(0x550d7456);
    expect(xxhash32(new TextEncoder().encode("Nobody inspects the spammish repetition"))).toBe(0xe2293b2f);
  });

  it("round-trips blocks and frames of compressible, random and tiny data", () => {
    const samples = [
      new Uint8Array(0),
      new Uint8Array([1]),
      patterned(100_000, 3, 1),
      new Uint8Array(131_072).fill(7),
      splitmix64Bytes(50_000, 3n),
      new TextEncoder().encode("abcabcabcabcabcabcabcabcabcabc"),
    ];
    for (const sample of samples) {
      expect(sameBytes(lz4DecompressBlock(lz4CompressBlock(sample), sample.length), sample)).toBe(true);
      expect(sameBytes(lz4DecompressFrame(lz4CompressFrame(sample), sample.length), sample)).toBe(true);
    }
    expect(lz4CompressFrame(new Uint8Array(131_072).fill(7)).length).toBeLessThan(1000);
  });

  it("decodes a frame with a content size, a block checksum, a raw block and a content checksum", () => {
    const content = new TextEncoder().encode("hello hello hello hello!");
    const header = [0x04, 0x22, 0x4d, 0x18, 0b0111_1100, 0x40, ...new Uint8Array(new BigUint64Array([BigInt(content.length)]).buffer)];
    const descriptor = new Uint8Array(header.slice(4));
    const checksumByte = (xxhash32(descriptor) >>> 8) & 255;
    const blockSize = new Uint8Array(new Uint32Array([(content.length | 0x8000_0000) >>> 0]).buffer);
    const blockChecksum = new Uint8Array(new Uint32Array([xxhash32(content)]).buffer);
    const contentChecksum = blockChecksum;
    const frame = new Uint8Array([...header, checksumByte, ...blockSize, ...content, ...blockChecksum, 0, 0, 0, 0, ...contentChecksum]);
    expect(lz4DecompressFrame(frame, content.length)).toEqual(content);
    const corrupt = frame.slice();
    corrupt[frame.length - 1] = (corrupt[frame.length - 1] as number) ^ 1;
    expect(() => lz4DecompressFrame(corrupt, content.length)).toThrow(/content checksum/);
  });

  it("rejects truncated frames and bad offsets with a XetFormatError", () => {
    const frame = lz4CompressFrame(patterned(10_000, 3, 1));
    expect(() => lz4DecompressFrame(frame.subarray(0, frame.length - 6), 10_000)).toThrow(XetFormatError);
    expect(() => lz4DecompressBlock(new Uint8Array([0x10, 65, 9, 0]), 20)).toThrow(XetFormatError);
    expect(() => lz4DecompressFrame(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 3)).toThrow(/magic/);
  });
});

describe("xorbs", () => {
  it("serializes chunk records with the best scheme and parses them back, hashing every chunk", () => {
    const data = new Uint8Array(300_000);
    data.set(splitmix64Bytes(100_000, 9n), 0);
    for (let index = 100_000; index < 300_000; index++) data[index] = (index >> 2) & 255;
    const chunks = chunksOf(data);
    const xorb = serializeXorb(chunks);
    const decoded = decodeXorb(xorb.bytes);
    expect(decoded).toHaveLength(chunks.length);
    decoded.forEach((chunk, index) => expect(sameBytes(chunk.data, chunks[index] as Uint8Array)).toBe(true));
    expect(xetXorbHash(decoded.map((chunk) => ({ hash: chunk.hash, size: chunk.rawLength })))).toEqual(xorb.hash);
    expect(decoded.map((chunk) => chunk.start)).toEqual(xorb.chunks.map((chunk) => chunk.start));
    expect(decoded.some((chunk) => chunk.compression !== "none")).toBe(true);
    // Random bytes do not shrink: stored raw.
    expect(decodeXorb(serializeChunkRecord(splitmix64Bytes(50_000, 4n)))[0]?.compression).toBe("none");
  });

  it("after a run of incompressible chunks tries compression on every 16th chunk only, and goes back to every chunk once one shrinks", () => {
    const random = Array.from({ length: 40 }, (_, index) => splitmix64Bytes(8_000, BigInt(index + 1)));
    const compressible = Array.from({ length: 20 }, (_, index) => patterned(8_000, index + 1, 0));
    const chunks = [...random, ...compressible];
    const xorb = serializeXorb(chunks);
    const decoded = decodeXorb(xorb.bytes);
    decoded.forEach((chunk, index) => expect(sameBytes(chunk.data, chunks[index] as Uint8Array)).toBe(true));
    expect(xetXorbHash(decoded.map((chunk) => ({ hash: chunk.hash, size: chunk.rawLength })))).toEqual(xorb.hash);
    const schemes = decoded.map((chunk) => chunk.compression);
    expect(schemes.slice(0, 40).every((scheme) => scheme === "none")).toBe(true);
    // Chunks 40..47 are stored raw (not tried); chunk 48 is a probe, it shrinks, and every chunk after it is tried again.
    expect(schemes.slice(40, 48).every((scheme) => scheme === "none")).toBe(true);
    expect(schemes.slice(48).every((scheme) => scheme !== "none")).toBe(true);
    // The same chunks alone, with nothing incompressible before them, are all compressed.
    expect(decodeXorb(serializeXorb(compressible).bytes).every((chunk) => chunk.compression !== "none")).toBe(true);
  });

  it("keeps every scheme readable, including byte grouping", () => {
    const chunk = patterned(40_000, 1, 0);
    for (const compression of ["none", "lz4", "bg4-lz4"] as const) {
      const decoded = decodeXorb(serializeChunkRecord(chunk, compression));
      expect(decoded[0]?.compression).toBe(compression);
      expect(sameBytes(decoded[0]?.data as Uint8Array, chunk)).toBe(true);
    }
    expect(byteGroup4(new Uint8Array([0, 1, 2, 3, 4, 5, 6]))).toEqual(new Uint8Array([0, 4, 1, 5, 2, 6, 3]));
    expect(byteUngroup4(new Uint8Array([0, 4, 1, 5, 2, 6, 3]))).toEqual(new Uint8Array([0, 1, 2, 3, 4, 5, 6]));
  });

  it("stops at a footer and rejects malformed records", () => {
    const record = serializeChunkRecord(patterned(1000, 1, 0), "none");
    const withFooter = new Uint8Array([...record, ...new TextEncoder().encode("XETBLOB"), 1, 0, 0]);
    expect(decodeXorb(withFooter)).toHaveLength(1);
    expect(() => decodeXorb(record.subarray(0, 500))).toThrow(/past the end/);
    const badVersion = record.slice();
    badVersion[0] = 1;
    expect(() => decodeXorb(badVersion)).toThrow(/version 1/);
    const badScheme = record.slice();
    badScheme[4] = 7;
    expect(() => decodeXorb(badScheme)).toThrow(/scheme 7/);
    const badLength = record.slice();
    badLength[5] = 1;
    expect(() => decodeXorb(badLength)).toThrow(XetFormatError);
  });
});

describe("shards", () => {
  it("round-trips files (terms, verification, SHA-256), xorbs and the footer", () => {
    const chunks = chunksOf(patterned(200_000, 7, 13));
    const xorb = serializeXorb(chunks);
    const hashes = xorb.chunks.map((chunk) => chunk.hash);
    const sha256 = xetHashFromHex("ab".repeat(32));
    const shard = {
      files: [
        {
          fileHash: xetFileHash(xorb.chunks),
          terms: [{ xorbHash: xorb.hash, rawBytes: 200_000, chunkStart: 0, chunkEnd: 2, verification: xetVerificationHash(hashes) }],
          sha256,
        },
      ],
      xorbs: [
        {
          xorbHash: xorb.hash,
          rawBytes: 200_000,
          bytesOnDisk: xorb.bytes.length,
          chunks: xorb.chunks.map((chunk) => ({ hash: chunk.hash, rawStart: chunk.rawStart, rawLength: chunk.size, flags: 0 })),
        },
      ],
      footer: {
        hmacKey: new Uint8Array(32).fill(3),
        creationTimestamp: 10n,
        keyExpiry: 20n,
        storedBytesOnDisk: 1n,
        materializedBytes: 2n,
        storedBytes: 3n,
      },
    };
    const bytes = serializeShard(shard);
    expect(bytes.length).toBe(48 + 48 * 4 + 48 + 48 * 3 + 48 + 200);
    expect(parseShard(bytes)).toEqual(shard);
    expect(xetHashToHex(parseShard(bytes).files[0]?.sha256 as Uint8Array)).toBe("ab".repeat(32));
    const { footer: _footer, ...withoutFooter } = shard;
    expect(parseShard(serializeShard(withoutFooter))).toEqual(withoutFooter);
  });

  it("rejects a wrong tag, a wrong version and truncation", () => {
    const bytes = serializeShard({ files: [], xorbs: [] });
    expect(bytes.length).toBe(48 * 3);
    const badTag = bytes.slice();
    badTag[0] = 0;
    expect(() => parseShard(badTag)).toThrow(/tag/);
    const badVersion = bytes.slice();
    badVersion[32] = 3;
    expect(() => parseShard(badVersion)).toThrow(/version 3/);
    expect(() => parseShard(bytes.subarray(0, 100))).toThrow(/truncated/);
  });
});
