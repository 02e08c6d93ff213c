import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FileWriter, poolWriter, threadWriter } from "./file-writers.ts";

/** `fs.write` calls of the pool writer (the thread writer's worker uses the real module). */
const calls = vi.hoisted(() => ({ delay: 0, inFlight: 0, maxInFlight: 0, sizes: [] as number[] }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const write = ((...args: unknown[]) => {
    const callback = args.at(-1) as (...results: unknown[]) => void;
    calls.inFlight++;
    calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
    calls.sizes.push(args[3] as number);
    (fs.write as (...parameters: unknown[]) => void)(...args.slice(0, -1), (...results: unknown[]) =>
      setTimeout(() => {
        calls.inFlight--;
        callback(...results);
      }, calls.delay),
    );
  }) as typeof fs.write;
  return { ...fs, default: { ...fs, write }, write };
});

const content = randomBytes(1_000_000);
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-writers-"));
  Object.assign(calls, { delay: 0, inFlight: 0, maxInFlight: 0, sizes: [] });
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

/** Writes three parts, the last first (positions, not call order, place the bytes); resolves once all are done. */
function writeParts(writer: FileWriter, shared: boolean): Promise<void[]> {
  const bounds = [0, 300_000, 300_010, 1_000_000];
  return Promise.all(
    [2, 0, 1].map((index) => {
      const part = content.subarray(bounds[index], bounds[index + 1]);
      const buffer = shared ? Buffer.from(new SharedArrayBuffer(part.byteLength)) : Buffer.alloc(part.byteLength);
      buffer.set(part);
      return new Promise<void>((resolve, reject) => writer.write(buffer, buffer.byteLength, bounds[index]!, (error) => (error ? reject(error) : resolve())));
    }),
  );
}

describe("poolWriter", () => {
  it("writes one piece at a time, in order, each buffer in pieces of at most pieceBytes", async () => {
    calls.delay = 2;
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    try {
      const writer = poolWriter(fd, 100_000);
      await writeParts(writer, false);
      await writer.close();
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(calls.maxInFlight).toBe(1);
    expect(calls.sizes).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 99_990, 100_000, 100_000, 100_000, 10]);
  });

  it("close() waits for the writes still queued", async () => {
    calls.delay = 20;
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    let done = 0;
    try {
      const writer = poolWriter(fd, 1_000_000);
      for (let index = 0; index < 3; index++) writer.write(Buffer.from(content.subarray(0, 10)), 10, index * 10, () => done++);
      await writer.close();
      expect(done).toBe(3);
    } finally {
      closeSync(fd);
    }
  });
});

describe("threadWriter", () => {
  it.each([
    ["shared buffers (no copy)", true],
    ["ordinary buffers (copied into shared memory)", false],
  ])("writes %s at their positions, and close() waits for every write", async (_, shared) => {
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    try {
      const writer = threadWriter(fd, 4096)!;
      expect(writer).toBeDefined();
      const written = writeParts(writer, shared);
      await writer.close();
      await written;
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path).equals(content)).toBe(true);
    // The pool's fs.write was not used: the worker wrote with its own synchronous calls.
    expect(calls.sizes).toEqual([]);
  });

  it("reports a failed write to its callback (a descriptor open for reading only)", async () => {
    const path = join(folder, "file");
    closeSync(openSync(path, "w"));
    const fd = openSync(path, "r");
    try {
      const writer = threadWriter(fd, 4096)!;
      const error = await new Promise<Error | null>((resolve) => writer.write(Buffer.from(new SharedArrayBuffer(10)), 10, 0, resolve));
      expect(error).toBeInstanceOf(Error);
      expect((error as NodeJS.ErrnoException).code).toBe("EBADF");
      await writer.close();
    } finally {
      closeSync(fd);
    }
  });
});
