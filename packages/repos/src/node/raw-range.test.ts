import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubTimeoutError } from "@hub/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { poolWriter } from "./file-writers.ts";
import { fetchRawRange, readBuffersInUse } from "./raw-range.ts";

/** Writes made slow on demand, to see reading stop while buffers are on their way to disk. */
const slowWrites = vi.hoisted(() => ({ delay: 0 }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const write = ((...args: unknown[]) => {
    const callback = args.at(-1) as (...results: unknown[]) => void;
    (fs.write as (...parameters: unknown[]) => void)(...args.slice(0, -1), (...results: unknown[]) =>
      setTimeout(() => callback(...results), slowWrites.delay),
    );
  }) as typeof fs.write;
  return { ...fs, default: { ...fs, write }, write };
});

const content = randomBytes(9 * 1024 * 1024 + 5);
let folder: string;
let server: Server;
let base: string;
let connections = 0;
let mode: "ok" | "stall" | "redirect" | "close-idle" = "ok";

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-raw-"));
  connections = 0;
  mode = "ok";
  server = createServer((request, response) => {
    const [, first, last] = /bytes=(\d+)-(\d+)/.exec(request.headers.range ?? "") ?? [];
    const start = Number(first);
    const end = Number(last);
    if (mode === "redirect") {
      response.writeHead(302, { location: "/elsewhere", "content-length": "0" });
      return response.end();
    }
    response.writeHead(206, { "content-length": String(end - start + 1), "content-range": `bytes ${start}-${end}/${content.byteLength}` });
    if (mode === "stall") return response.write(content.subarray(start, start + 1000));
    response.end(content.subarray(start, end + 1));
    // The server drops the idle connection after answering: the next request must notice and reconnect.
    if (mode === "close-idle") response.once("finish", () => request.socket.end());
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

/** Buffers handed to the writer and not written yet (what reading waits on), and the most read buffers in use at once. */
const queued = { now: 0, max: 0, maxInUse: 0 };

function range(fd: number, start: number, end: number, stallTimeout = 5000) {
  let written = 0;
  const writer = poolWriter(fd, 1024 * 1024);
  const outcome = fetchRawRange({
    url: new URL(`${base}/file`),
    headers: { range: `bytes=${start}-${end}` },
    start,
    end,
    write: (buffer, length, position, done) => {
      queued.max = Math.max(queued.max, ++queued.now);
      queued.maxInUse = Math.max(queued.maxInUse, readBuffersInUse());
      writer.write(buffer, length, position, (error) => {
        queued.now--;
        done(error);
      });
    },
    stallTimeout,
    signal: undefined,
    onWritten: (bytes) => {
      written += bytes;
    },
  });
  return { outcome, written: () => written };
}

describe("fetchRawRange", () => {
  it("writes ranges in place over one kept-alive connection", async () => {
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    try {
      const half = Math.floor(content.byteLength / 2);
      const second = range(fd, half, content.byteLength - 1);
      expect(await second.outcome).toEqual({ done: true });
      const first = range(fd, 0, half - 1);
      expect(await first.outcome).toEqual({ done: true });
      expect(first.written() + second.written()).toBe(content.byteLength);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(connections).toBe(1);
  });

  it("stops reading while its buffers are being written (at most 4 queued) and resumes", async () => {
    slowWrites.delay = 30;
    queued.max = 0;
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    try {
      expect(await range(fd, 0, content.byteLength - 1).outcome).toEqual({ done: true });
    } finally {
      closeSync(fd);
      slowWrites.delay = 0;
    }
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(queued.max).toBeGreaterThan(1);
    expect(queued.max).toBeLessThanOrEqual(5);
  });

  it("keeps all ranges together under 24 read buffers (one each beyond that) and gives every buffer back", async () => {
    slowWrites.delay = 20;
    queued.maxInUse = 0;
    const path = join(folder, "file");
    const fd = openSync(path, "w");
    try {
      // 12 ranges of the whole file at once: without the cap they would hold 12 x 4 buffers.
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => range(fd, 0, content.byteLength - 1).outcome));
      expect(outcomes.every((outcome) => outcome.done)).toBe(true);
    } finally {
      closeSync(fd);
      slowWrites.delay = 0;
    }
    expect(queued.maxInUse).toBeGreaterThan(4);
    expect(queued.maxInUse).toBeLessThanOrEqual(24 + 12);
    expect(readBuffersInUse()).toBe(0);
    expect(readFileSync(path).equals(content)).toBe(true);
  });

  it("reconnects once when the server closed the kept-alive connection", async () => {
    mode = "close-idle";
    const fd = openSync(join(folder, "file"), "w");
    try {
      expect(await range(fd, 0, 99).outcome).toEqual({ done: true });
      expect(await range(fd, 100, 199).outcome).toEqual({ done: true });
    } finally {
      closeSync(fd);
    }
    expect(connections).toBe(2);
  });

  it("hands anything but the expected 206 back without writing (here a redirect)", async () => {
    mode = "redirect";
    const fd = openSync(join(folder, "file"), "w");
    try {
      const attempt = range(fd, 0, 99);
      expect(await attempt.outcome).toEqual({ done: false, status: 302, location: "/elsewhere" });
      expect(attempt.written()).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it("fails with HubTimeoutError when the body stops coming", async () => {
    mode = "stall";
    const fd = openSync(join(folder, "file"), "w");
    try {
      await expect(range(fd, 0, 99_999, 100).outcome).rejects.toBeInstanceOf(HubTimeoutError);
    } finally {
      closeSync(fd);
    }
    // A failed range gives its buffers back too.
    expect(readBuffersInUse()).toBe(0);
  });
});
