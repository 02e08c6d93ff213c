import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBytes, toByteSource } from "../byte-source.ts";
import { fileSource } from "./file-source.ts";

describe("fileSource", () => {
  let dir: string;
  const bytes = Uint8Array.from({ length: 10_000 }, (_, index) => (index * 7) % 251);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "file-source-"));
    await writeFile(join(dir, "a.bin"), bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a range at once (bytes) with the same content as its stream", async () => {
    const source = await fileSource(join(dir, "a.bin"));
    expect(await source.bytes!(100, 4196)).toEqual(bytes.subarray(100, 4196));
    expect(new Uint8Array(await new Response(source.stream(100, 4196)).arrayBuffer())).toEqual(bytes.subarray(100, 4196));
    expect(await readBytes(toByteSource(source))).toEqual(bytes);
  });

  it("fails a whole read when the file got shorter than its size", async () => {
    const path = join(dir, "short.bin");
    await writeFile(path, bytes);
    const source = toByteSource(await fileSource(path));
    await truncate(path, 5_000);
    await expect(readBytes(source)).rejects.toThrow(/Read 5000 bytes instead of 10000/);
  });
});
