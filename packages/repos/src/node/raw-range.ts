import net from "node:net";
import type { PositionalWrite } from "./file-writers.ts";
import { stallError } from "./read-body.ts";

/** One range to fetch over plain HTTP straight into a file. */
export interface RawRangeRequest {
  /** An `http:` URL (TLS goes through `node:https`). */
  url: URL;
  /** Request headers (lower-case names), `range` included. */
  headers: Record<string, string>;
  /** First and last byte of the range (inclusive), as requested. */
  start: number;
  end: number;
  /** Writes `length` bytes of `buffer` at file position `position` (byte `start` of the range goes to position `start`). */
  write: PositionalWrite;
  /** Milliseconds without data (while we wait for it) before failing. */
  stallTimeout: number;
  signal: AbortSignal | undefined;
  /** Bytes written, in order: the range's prefix on disk grew by `bytes`. */
  onWritten: (bytes: number) => void;
}

/** What happened: the range is on disk, or it was not served as expected and nothing was written. */
export type RawRangeOutcome = { done: true } | { done: false; status: number; location: string | undefined };

const BUFFER_BYTES = 1024 * 1024;
const BUFFERS_PER_RANGE = 4;
const MAX_IDLE_BUFFERS = 16;
/** Read buffers in use by all ranges together, beyond which a range reads with one (8 large files at once stay near 32 MiB). */
const MAX_BUFFERS_IN_USE = 24;
const HEAD_BYTES = 16 * 1024;

/** 1 MiB buffers kept between ranges: reading a large file allocates almost nothing. */
const idleBuffers: Buffer[] = [];
let buffersInUse = 0;
/** Keep-alive connections per origin. */
const idleConnections = new Map<string, Connection[]>();

/** Receives what a connection reads; one at a time. */
interface Reader {
  buffer(): Uint8Array;
  /** Returns false to stop reading until resumed. */
  data(bytes: number, buffer: Uint8Array): boolean;
  closed(error: Error): void;
}

class Connection {
  readonly socket: net.Socket;
  reader: Reader | undefined;
  /** Where reads go between responses (nothing is expected there). */
  readonly spare = Buffer.allocUnsafe(HEAD_BYTES);

  constructor(readonly origin: string, url: URL) {
    this.socket = net.connect({
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || 80),
      noDelay: true,
      onread: {
        buffer: () => this.reader?.buffer() ?? this.spare,
        callback: (bytes: number, buffer: Uint8Array) => {
          if (this.reader) return this.reader.data(bytes, buffer);
          // Bytes nobody asked for: this connection cannot be trusted any more.
          this.socket.destroy();
          return false;
        },
      },
    });
    const close = (error?: Error) => {
      const pool = idleConnections.get(this.origin);
      const index = pool?.indexOf(this) ?? -1;
      if (index >= 0) pool!.splice(index, 1);
      this.reader?.closed(error ?? new Error("The connection closed"));
    };
    this.socket.on("error", close);
    this.socket.on("close", () => close());
  }
}

function takeConnection(url: URL): { connection: Connection; reused: boolean } {
  const origin = url.origin;
  const connection = idleConnections.get(origin)?.pop();
  if (connection && !connection.socket.destroyed) {
    connection.socket.ref();
    return { connection, reused: true };
  }
  return { connection: new Connection(origin, url), reused: false };
}

function releaseConnection(connection: Connection): void {
  connection.reader = undefined;
  if (connection.socket.destroyed) return;
  // Idle keep-alive connections must not keep the process alive.
  connection.socket.unref();
  const pool = idleConnections.get(connection.origin) ?? [];
  pool.push(connection);
  idleConnections.set(connection.origin, pool);
}

/** Read buffers taken by ranges and not given back yet (for tests and diagnostics). */
export function readBuffersInUse(): number {
  return buffersInUse;
}

/** A read buffer: over a `SharedArrayBuffer`, so that the writer thread can write it without a copy. */
function takeBuffer(): Buffer {
  buffersInUse++;
  return idleBuffers.pop() ?? Buffer.from(new SharedArrayBuffer(BUFFER_BYTES));
}

function giveBuffer(buffer: Buffer): void {
  buffersInUse--;
  if (idleBuffers.length < MAX_IDLE_BUFFERS) idleBuffers.push(buffer);
}

interface Head {
  status: number;
  headers: Map<string, string>;
  bodyStart: number;
}

function parseHead(bytes: Buffer, length: number): Head | undefined {
  const end = bytes.subarray(0, length).indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = bytes.toString("latin1", 0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "")?.[1] ?? 0);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status, headers, bodyStart: end + 4 };
}

/**
 * GETs one range over a plain-HTTP keep-alive connection and writes the body into `fd` at its
 * position, reading straight into reused 1 MiB buffers (`net` `onread`) and writing each buffer
 * with one `pwrite`. The HTTP client of Node, like `fetch`, allocates 64 KiB per read and parses
 * every chunk in JavaScript: this costs about a third of their CPU per byte. Only the expected
 * answer is handled (206, `Content-Length`, the requested `Content-Range`): anything else
 * (redirect, error, another framing) comes back as `done: false` with nothing written, and the
 * caller makes the request the ordinary way, with its retries and typed errors.
 * @throws on a failure after the body started (what was written in order was reported), on a
 *   stall ({HubTimeoutError}) or abort (the signal's reason).
 */
export async function fetchRawRange(request: RawRangeRequest): Promise<RawRangeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { connection, reused } = takeConnection(request.url);
    try {
      return await readRange(connection, request);
    } catch (error) {
      // A kept-alive connection the server closed before answering: one more try on a new one.
      if (!(error instanceof StaleConnectionError) || !reused || attempt > 1) throw error;
    }
  }
}

class StaleConnectionError extends Error {}

function readRange(connection: Connection, request: RawRangeRequest): Promise<RawRangeOutcome> {
  const { url, start, end, stallTimeout, signal } = request;
  const expected = end - start + 1;
  return new Promise<RawRangeOutcome>((resolve, reject) => {
    const head = Buffer.allocUnsafe(HEAD_BYTES);
    let headLength = 0;
    let inBody = false;
    let received = 0;
    let position = start;
    let current: Buffer | undefined;
    let filled = 0;
    let owned = 0;
    const free: Buffer[] = [];
    let paused = false;
    let settled = false;
    let failure: unknown;
    let keepAlive = true;
    // Writes complete in any order; the prefix reported grows in order.
    const writes: Array<{ bytes: number; done: boolean }> = [];
    let timer: ReturnType<typeof setTimeout> | undefined;

    const armTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(stallError(stallTimeout)), stallTimeout);
    };
    const pending = () => writes.length > 0;
    const settle = () => {
      if (settled || pending()) return;
      if (failure !== undefined) {
        settled = true;
        cleanup();
        returnBuffers();
        return reject(failure);
      }
      if (inBody && received === expected) {
        settled = true;
        cleanup();
        returnBuffers();
        if (keepAlive) releaseConnection(connection);
        else connection.socket.destroy();
        resolve({ done: true });
      }
    };
    const fail = (error: unknown) => {
      if (failure !== undefined || settled) return;
      failure = error;
      clearTimeout(timer);
      connection.reader = undefined;
      connection.socket.destroy();
      settle();
    };
    const onAbort = () => fail(signal!.reason);
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    // No write is pending when this runs: every buffer this range took is `current` or free.
    const returnBuffers = () => {
      if (current) giveBuffer(current);
      for (const buffer of free) giveBuffer(buffer);
      current = undefined;
      free.length = 0;
    };
    const nextBuffer = (): Buffer | undefined => {
      if (free.length > 0) return free.pop();
      // Every range may take one buffer; more only while all ranges together stay under the cap.
      if (owned < BUFFERS_PER_RANGE && (owned === 0 || buffersInUse < MAX_BUFFERS_IN_USE)) {
        owned++;
        return takeBuffer();
      }
      return undefined;
    };
    const flush = () => {
      const buffer = current!;
      const bytes = filled;
      current = undefined;
      filled = 0;
      const entry = { bytes, done: false };
      writes.push(entry);
      request.write(buffer, bytes, position, (error) => {
        entry.done = true;
        free.push(buffer);
        if (error) fail(error);
        while (writes[0]?.done) {
          const written = writes.shift()!;
          if (failure === undefined) request.onWritten(written.bytes);
        }
        if (paused && failure === undefined) {
          paused = false;
          current = nextBuffer();
          armTimer();
          connection.socket.resume();
        }
        settle();
      });
      position += bytes;
    };
    /** Copies body bytes that landed elsewhere (the head buffer, the spare) into the current buffer. */
    const take = (bytes: Uint8Array) => {
      let offset = 0;
      while (offset < bytes.byteLength) {
        // At most a spare buffer's worth arrives while paused: one extra buffer may be needed.
        current ??= nextBuffer() ?? (owned++, takeBuffer());
        const count = Math.min(bytes.byteLength - offset, current.length - filled);
        current.set(bytes.subarray(offset, offset + count), filled);
        filled += count;
        offset += count;
        if (filled === current.length) flush();
      }
    };
    // The view handed out for the next read; a read may also land in a view handed out earlier
    // (the connection's spare buffer between responses or while paused): its bytes are copied.
    let view: Uint8Array | undefined;
    const reader: Reader = {
      buffer() {
        if (!inBody) view = head.subarray(headLength);
        else if ((current ??= nextBuffer())) view = current.subarray(filled, Math.min(current.length, filled + (expected - received)));
        else view = connection.spare;
        return view;
      },
      data(bytes, buffer) {
        if (failure !== undefined || settled) return false;
        armTimer();
        const inPlace = buffer === view && buffer !== connection.spare;
        view = undefined;
        if (!inBody) {
          if (!inPlace) head.set(buffer.subarray(0, Math.min(bytes, head.length - headLength)), headLength);
          headLength = Math.min(head.length, headLength + bytes);
          const parsed = parseHead(head, headLength);
          if (!parsed) {
            if (headLength === head.length) fail(new Error("Response headers too large"));
            return true;
          }
          const length = Number(parsed.headers.get("content-length"));
          const contentRange = parsed.headers.get("content-range") ?? "";
          keepAlive = (parsed.headers.get("connection") ?? "").toLowerCase() !== "close";
          if (parsed.status !== 206 || length !== expected || !contentRange.startsWith(`bytes ${start}-${end}/`) || parsed.headers.has("transfer-encoding")) {
            settled = true;
            cleanup();
            connection.reader = undefined;
            connection.socket.destroy();
            resolve({ done: false, status: parsed.status, location: parsed.headers.get("location") });
            return false;
          }
          inBody = true;
          const early = head.subarray(parsed.bodyStart, headLength);
          received = early.byteLength;
          take(early);
        } else {
          received += bytes;
          if (inPlace) {
            filled += bytes;
            if (filled === current!.length) flush();
          } else {
            take(buffer.subarray(0, bytes));
          }
        }
        if (received > expected) {
          fail(new Error("More bytes than the range holds"));
          return false;
        }
        if (received === expected) {
          if (filled > 0) flush();
          clearTimeout(timer);
          connection.reader = undefined;
          settle();
          return true;
        }
        if (!current && !(current = nextBuffer())) {
          // Every buffer is being written: stop reading (not a stall) until one comes back.
          paused = true;
          clearTimeout(timer);
          return false;
        }
        return true;
      },
      closed(error) {
        if (settled || failure !== undefined) return;
        if (!inBody && headLength === 0) fail(new StaleConnectionError(error.message));
        else fail(error);
      },
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    connection.reader = reader;
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, "connection: keep-alive"];
    for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
    armTimer();
    connection.socket.write(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  });
}
