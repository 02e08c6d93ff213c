import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { ChunkSource } from "./stall.ts";

/** Bodies of the responses made by `nodeFetch`, readable without the web-stream layer. */
const rawBodies = new WeakMap<Response, IncomingMessage>();

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const MAX_REDIRECTS = 20;

let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;

/** Keep-alive agents, created on first use (connections are reused across files and ranges). */
function agentFor(url: URL): http.Agent {
  if (url.protocol === "https:") return (httpsAgent ??= new https.Agent({ keepAlive: true, scheduling: "lifo" }));
  return (httpAgent ??= new http.Agent({ keepAlive: true, scheduling: "lifo" }));
}

/** One request over the keep-alive agents, no redirect handling: resolves with the answer's head. */
export function send(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal | null | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const module = url.protocol === "https:" ? https : http;
    const request = module.request(url, { method, headers, agent: agentFor(url), signal: signal ?? undefined });
    request.once("response", resolve);
    request.once("error", reject);
    request.end();
  });
}

function toResponse(incoming: IncomingMessage, url: URL, method: string, redirected: boolean): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  const status = incoming.statusCode ?? 0;
  let body: ReadableStream<Uint8Array> | null = null;
  if (method === "HEAD" || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
  } else {
    let iterator: AsyncIterator<Buffer> | undefined;
    // High-water mark 0: nothing is pulled from the socket until someone reads this stream, so the
    // raw `IncomingMessage` can be read instead (see `responseChunks`).
    body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          iterator ??= incoming[Symbol.asyncIterator]();
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        },
        cancel() {
          incoming.destroy();
        },
      },
      { highWaterMark: 0 },
    );
  }
  const response = new Response(body, { status, statusText: incoming.statusMessage, headers });
  Object.defineProperty(response, "url", { value: url.href });
  Object.defineProperty(response, "redirected", { value: redirected });
  if (body) rawBodies.set(response, incoming);
  return response;
}

/**
 * A `fetch` for GET and HEAD over `node:http`/`node:https` with keep-alive agents, used by default for
 * blob transfers on Node: undici's `fetch` and its web streams cost about twice the CPU per byte.
 * It follows redirects like `fetch` (dropping `Authorization` on another origin) unless
 * `redirect: "manual"`; any other method or a request with a body goes to `globalThis.fetch`.
 */
export async function nodeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  // ky passes its Request with an empty options object: no need to build another one.
  const request = input instanceof Request && (init === undefined || Object.keys(init).length === 0) ? input : new Request(input, init);
  let method = request.method.toUpperCase();
  if ((method !== "GET" && method !== "HEAD") || request.body !== null) return globalThis.fetch(request);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let url = new URL(request.url);
  for (let redirects = 0; ; redirects++) {
    const incoming = await send(url, method, headers, request.signal);
    const location = incoming.headers.location;
    if (!REDIRECT_STATUSES.has(incoming.statusCode ?? 0) || location === undefined || request.redirect === "manual") {
      return toResponse(incoming, url, method, redirects > 0);
    }
    incoming.resume();
    if (request.redirect === "error") throw new TypeError(`Redirect to ${location} refused (redirect: "error")`);
    if (redirects >= MAX_REDIRECTS) throw new TypeError("Too many redirects");
    const next = new URL(location, url);
    // As fetch does: credentials stay on the origin they were meant for.
    if (next.origin !== url.origin) {
      delete headers.authorization;
      delete headers.cookie;
    }
    if (incoming.statusCode === 303 && method !== "HEAD") method = "GET";
    url = next;
  }
}

/** The socket stream of a `nodeFetch` response (nothing read from it yet), else `undefined`. */
export function rawBody(response: Response): IncomingMessage | undefined {
  return rawBodies.get(response);
}

/** The body of a response as chunks: the socket stream itself for `nodeFetch` responses, else the web stream. */
export function responseChunks(response: Response): ChunkSource {
  const incoming = rawBodies.get(response);
  if (incoming) {
    const iterator = incoming[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    return { read: () => iterator.next(), cancel: () => incoming.destroy() };
  }
  if (!response.body) return { read: async () => ({ done: true, value: undefined }), cancel: () => undefined };
  const reader = response.body.getReader();
  return {
    read: () => reader.read() as Promise<IteratorResult<Uint8Array, unknown>>,
    cancel: (reason) => void reader.cancel(reason).catch(() => undefined),
  };
}
