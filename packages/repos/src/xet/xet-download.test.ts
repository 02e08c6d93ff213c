import { serializeChunkRecord } from "@hub/core/xet";
import { describe, expect, it } from "vitest";
import { ChunkRecordStream } from "./chunk-stream.ts";
import { parseReconstruction } from "./reconstruction.ts";

const hash = (digit: string) => digit.repeat(64);

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * seed + (index >> 7)) & 255;
  return bytes;
}

describe("ChunkRecordStream", () => {
  const chunks = [pattern(70_000, 7), pattern(4_000, 13), pattern(131_072, 1)];
  const records = [
    serializeChunkRecord(chunks[0]!, "lz4"),
    serializeChunkRecord(chunks[1]!, "none"),
    serializeChunkRecord(chunks[2]!, "bg4-lz4"),
  ];
  const joined = new Uint8Array(records.reduce((sum, record) => sum + record.length, 0));
  records.reduce((offset, record) => (joined.set(record, offset), offset + record.length), 0);

  it("decodes LZ4, BG4 and raw records cut at any place into pieces", () => {
    for (const cut of [1, 7, 8, 9, 1000, records[0]!.length, records[0]!.length + 3, joined.length - 1]) {
      const stream = new ChunkRecordStream();
      const decoded = [
        ...stream.push([joined.subarray(0, cut)]),
        ...stream.push([joined.subarray(cut, cut + 5), joined.subarray(cut + 5)]),
      ];
      expect(decoded.map((chunk) => Buffer.from(chunk).toString("hex"))).toEqual(chunks.map((chunk) => Buffer.from(chunk).toString("hex")));
      expect(stream.pendingBytes).toBe(0);
    }
  });

  it("holds a cut record until its end arrives, and refuses a corrupt one", () => {
    const stream = new ChunkRecordStream();
    expect(stream.push([joined.subarray(0, 20)])).toEqual([]);
    expect(stream.pendingBytes).toBe(20);
    const bad = serializeChunkRecord(chunks[1]!, "none");
    bad[4] = 9;
    expect(() => new ChunkRecordStream().push([bad])).toThrow(/Corrupt Xet chunk record: .*scheme 9/);
  });
});

describe("parseReconstruction", () => {
  const term = { hash: hash("a"), unpacked_length: 10, range: { start: 0, end: 2 } };

  it("reads V2 (one fetch per range of each URL) and V1 answers", () => {
    const v2 = parseReconstruction({
      offset_into_first_range: 3,
      terms: [term],
      xorbs: {
        [hash("a")]: [
          {
            url: "https://cas.example/x?sig=1",
            ranges: [
              { chunks: { start: 0, end: 2 }, bytes: { start: 0, end: 99 } },
              { chunks: { start: 5, end: 6 }, bytes: { start: 300, end: 399 } },
            ],
          },
        ],
      },
    });
    expect(v2.offsetIntoFirstRange).toBe(3);
    expect(v2.terms).toEqual([{ xorb: hash("a"), chunkStart: 0, chunkEnd: 2, length: 10 }]);
    expect(v2.fetches.map((fetch) => [fetch.chunkStart, fetch.byteStart, fetch.byteEnd, fetch.url])).toEqual([
      [0, 0, 99, "https://cas.example/x?sig=1"],
      [5, 300, 399, "https://cas.example/x?sig=1"],
    ]);
    const v1 = parseReconstruction({
      offset_into_first_range: 0,
      terms: [term],
      fetch_info: { [hash("a")]: [{ range: { start: 0, end: 2 }, url: "http://cas/y", url_range: { start: 0, end: 99 } }] },
    });
    expect(v1.fetches).toEqual([{ xorb: hash("a"), url: "http://cas/y", chunkStart: 0, chunkEnd: 2, byteStart: 0, byteEnd: 99 }]);
  });

  it("refuses malformed answers: bad hashes, negative numbers, non-http URLs, empty ranges", () => {
    const fetchInfo = (entry: Record<string, unknown>) => ({ terms: [term], fetch_info: { [hash("a")]: [entry] } });
    const good = { range: { start: 0, end: 2 }, url: "http://cas/y", url_range: { start: 0, end: 99 } };
    expect(() => parseReconstruction({ terms: [{ ...term, hash: "../../etc" }], fetch_info: {} })).toThrow(/terms\[0\]\.hash/);
    expect(() => parseReconstruction({ terms: [{ ...term, unpacked_length: -1 }], fetch_info: {} })).toThrow(/unpacked_length/);
    expect(() => parseReconstruction(fetchInfo({ ...good, url: "file:///etc/passwd" }))).toThrow(/not http/);
    expect(() => parseReconstruction(fetchInfo({ ...good, range: { start: 2, end: 2 } }))).toThrow(/empty or reversed/);
    expect(() => parseReconstruction({ terms: [term] })).toThrow(/neither xorbs nor fetch_info/);
    expect(() => parseReconstruction([])).toThrow(/not a JSON object/);
  });
});
