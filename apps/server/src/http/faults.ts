import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { rateLimitHeaders } from "./rate-limit.ts";

/** A fault the server can inject into one request. */
export type FaultKind = "reset" | "reset-mid-body" | "stall" | "500" | "502" | "503" | "429" | "truncate";

/** Every fault kind, in the order a seed picks from. */
export const FAULT_KINDS: readonly FaultKind[] = ["reset", "reset-mid-body", "stall", "500", "502", "503", "429", "truncate"];

/** Options of fault injection (`createHubServer({ faults })`, `hub-server --faults RATE`). */
export interface FaultOptions {
  /** Share of requests that get a fault, 0 to 1. */
  rate: number;
  /** Seed of the decisions: the same seed gives the same sequence of decisions (default: random, see `FaultInjector.seed`). */
  seed?: number;
  /** Kinds to pick from (default: all of `FAULT_KINDS`). */
  kinds?: readonly FaultKind[];
  /** How long a `stall` holds the request before answering it normally, in ms (default 35,000). */
  stallMs?: number;
  /** `Retry-After` of injected 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Paths never faulted (default `["/health"]`). */
  exemptPaths?: readonly string[];
}

/** One decision of the injector that produced a fault. */
export interface FaultRecord {
  /** Position of the request among all non-exempt requests, from 0. */
  index: number;
  method: string;
  path: string;
  kind: FaultKind;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** Small seeded PRNG (mulberry32): reproducible and good enough to pick faults. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides, from a seeded sequence, which requests fail and how, and carries the fault out at the
 * socket level: resets, stalls, 5xx / 429 answers and bodies cut short. Each non-exempt request
 * draws two numbers whatever the rate, so the same seed gives the same sequence of decisions.
 */
export class FaultInjector {
  readonly seed: number;
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly stallMs: number;
  readonly retryAfterSeconds: number;
  readonly exemptPaths: ReadonlySet<string>;
  /** The faults injected so far, in order. */
  readonly log: FaultRecord[] = [];
  readonly #random: () => number;
  readonly #stalls = new Set<NodeJS.Timeout>();
  #count = 0;

  constructor(options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`faults.rate must be between 0 and 1, got ${options.rate}`);
    const kinds = options.kinds ?? FAULT_KINDS;
    if (kinds.length === 0 || kinds.some((kind) => !FAULT_KINDS.includes(kind))) {
      throw new RangeError(`faults.kinds must be a non-empty list of ${FAULT_KINDS.join(", ")}`);
    }
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.rate = options.rate;
    this.kinds = kinds;
    this.stallMs = options.stallMs ?? 35_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.exemptPaths = new Set(options.exemptPaths ?? ["/health"]);
    this.#random = mulberry32(this.seed);
  }

  /** The fault for the next request, or undefined; exempt paths draw nothing. */
  decide(method: string, path: string): FaultKind | undefined {
    if (this.exemptPaths.has(path)) return undefined;
    const index = this.#count++;
    const roll = this.#random();
    const pick = this.#random();
    if (roll >= this.rate) return undefined;
    const kind = this.kinds[Math.floor(pick * this.kinds.length)]!;
    this.log.push({ index, method, path, kind });
    return kind;
  }

  /** Wraps a Node request listener so that the chosen requests fail. */
  wrap(listener: Listener): Listener {
    return (request, response) => {
      const path = (request.url ?? "/").split("?")[0]!;
      const kind = this.decide(request.method ?? "GET", path);
      if (!kind) return listener(request, response);
      switch (kind) {
        case "reset":
          return resetSocket(request.socket);
        case "stall": {
          const timer = setTimeout(() => {
            this.#stalls.delete(timer);
            listener(request, response);
          }, this.stallMs);
          this.#stalls.add(timer);
          request.socket.once("close", () => {
            clearTimeout(timer);
            this.#stalls.delete(timer);
          });
          return;
        }
        case "500":
        case "502":
        case "503":
          return answer(response, Number(kind), { error: `Injected fault: ${kind}` });
        case "429":
          return answer(
            response,
            429,
            { error: "Injected fault: rate limited" },
            {
              "Retry-After": String(this.retryAfterSeconds),
              ...rateLimitHeaders({ limit: 500, remaining: 0, resetSeconds: this.retryAfterSeconds, windowSeconds: 300 }),
            },
          );
        case "reset-mid-body":
        case "truncate":
          cutBody(response, kind);
          return listener(request, response);
      }
    };
  }

  /** Cancels pending stalls (server shutdown). */
  close(): void {
    for (const timer of this.#stalls) clearTimeout(timer);
    this.#stalls.clear();
  }
}

function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "X-Error-Message": (body as { error: string }).error,
    ...headers,
  });
  response.end(text);
}

/**
 * Lets the real handler answer, but lets through only the headers and the first half of the body
 * (by `Content-Length`, else of the first chunk), then closes the connection: with a FIN for
 * `truncate`, an RST for `reset-mid-body`.
 */
function cutBody(response: ServerResponse, kind: "reset-mid-body" | "truncate"): void {
  const originalWrite = response.write.bind(response) as (chunk: unknown, callback?: () => void) => boolean;
  const originalWriteHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  let budget: number | undefined;
  let cut = false;
  const finish = () => {
    if (cut) return;
    cut = true;
    const socket = response.socket;
    if (!socket) return;
    // The bytes written so far are queued on the socket before it is closed.
    if (kind === "truncate") socket.end();
    else socket.write("", () => resetSocket(socket));
  };
  response.writeHead = ((...args: unknown[]) => {
    const headers = args.find((arg) => typeof arg === "object" && arg !== null) as Record<string, unknown> | undefined;
    const length = Number(headers?.["Content-Length"] ?? headers?.["content-length"] ?? response.getHeader("content-length"));
    if (Number.isFinite(length)) budget = Math.floor(length / 2);
    return originalWriteHead(...args);
  }) as ServerResponse["writeHead"];
  const write = (chunk: unknown, encoding?: unknown): void => {
    if (cut || chunk === undefined || chunk === null) return;
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    if (budget === undefined) {
      const length = Number(response.getHeader("content-length"));
      budget = Number.isFinite(length) ? Math.floor(length / 2) : Math.floor(bytes.length / 2);
    }
    const allowed = Math.min(bytes.length, budget);
    budget -= allowed;
    if (allowed > 0) originalWrite(bytes.subarray(0, allowed));
    else if (!response.headersSent) response.flushHeaders();
    if (budget === 0) finish();
  };
  response.write = ((chunk: unknown, encoding?: unknown) => {
    write(chunk, encoding);
    return true;
  }) as ServerResponse["write"];
  response.end = ((chunk?: unknown, encoding?: unknown) => {
    if (typeof chunk !== "function") write(chunk, encoding);
    if (!response.headersSent) response.flushHeaders();
    finish();
    return response;
  }) as ServerResponse["end"];
}
