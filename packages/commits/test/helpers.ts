import { sha256 } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import type { LazySource } from "../src/index.ts";

/** Deterministic pseudo-random bytes (xorshift), generated range by range: big files without memory. */
export function generatedSource(size: number, seed: number): LazySource {
  return {
    size,
    stream(start, end) {
      let position = start;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (position >= end) {
            controller.close();
            return;
          }
          const length = Math.min(1024 * 1024, end - position);
          controller.enqueue(generatedBytes(seed, position, length));
          position += length;
        },
      });
    },
  };
}

/** Bytes `[offset, offset + length)` of the generated file: each 4-byte word depends only on its index. */
export function generatedBytes(seed: number, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    const position = offset + index;
    let word = (Math.floor(position / 4) + 1) ^ seed;
    word ^= word << 13;
    word ^= word >>> 17;
    word ^= word << 5;
    bytes[index] = (word >>> ((position % 4) * 8)) & 0xff;
  }
  return bytes;
}

/** Binary bytes (with a NUL, so the server treats them as LFS) of a given size. */
export function binaryBytes(size: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(fill);
  bytes[0] = 0;
  return bytes;
}

/** Downloads a file through `resolve` and returns its SHA-256 and size. */
export async function remoteDigest(
  hub: TestServer,
  repoPath: string,
  revision: string,
  path: string,
): Promise<{ sha256: string; size: number } | undefined> {
  const response = await fetch(`${hub.url}/${repoPath}/resolve/${encodeURIComponent(revision)}/${path}`, {
    headers: { authorization: `Bearer ${hub.tokens.alice}` },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`resolve ${path}: ${response.status}`);
  let size = 0;
  const digest = await sha256(
    response.body!.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          size += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    ),
  );
  return { sha256: digest, size };
}

/** Text of a file through `resolve`, or undefined when it does not exist. */
export async function remoteText(hub: TestServer, repoPath: string, revision: string, path: string): Promise<string | undefined> {
  const response = await fetch(`${hub.url}/${repoPath}/resolve/${encodeURIComponent(revision)}/${path}`, {
    headers: { authorization: `Bearer ${hub.tokens.alice}` },
  });
  if (response.status === 404) return undefined;
  return response.text();
}

/** Head commit of a revision. */
export async function headOf(hub: TestServer, apiPath: string, revision = "main"): Promise<string> {
  const response = await fetch(`${hub.url}/api/${apiPath}/revision/${encodeURIComponent(revision)}`, {
    headers: { authorization: `Bearer ${hub.tokens.alice}` },
  });
  return ((await response.json()) as { sha: string }).sha;
}

/** Creates a repo through the API. */
export async function createTestRepo(hub: TestServer, name: string, type: "model" | "dataset" | "space" = "model"): Promise<void> {
  const response = await fetch(`${hub.url}/api/repos/create`, {
    method: "POST",
    headers: { authorization: `Bearer ${hub.tokens.alice}`, "content-type": "application/json" },
    body: JSON.stringify({ name, organization: "alice", type, ...(type === "space" ? { sdk: "static" } : {}) }),
  });
  if (!response.ok) throw new Error(`create ${name}: ${response.status} ${await response.text()}`);
}

/** One request seen by a recording fetch. */
export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | null;
  /** Request body bytes that went out. */
  sent: number;
}

/**
 * A fetch that forwards to the real one and records each request, counting the request body bytes
 * actually pulled; `onResponse` may act on a response (e.g. abort) before the caller sees it.
 */
export function recordingFetch(
  onResponse?: (request: SeenRequest, response: Response) => void,
): typeof fetch & { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const recorder = async (input: RequestInfo | URL, init?: RequestInit) => {
    // The caller's own Request when it is one: a copy's signal follows the original only while the copy lives (undici).
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const seen: SeenRequest = { method: request.method, url: request.url, authorization: request.headers.get("authorization"), sent: 0 };
    requests.push(seen);
    let body: ReadableStream<Uint8Array> | null = request.body;
    if (body) {
      body = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            seen.sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
    }
    const headers = new Headers(request.headers);
    const response = await globalThis.fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      ...(body ? { duplex: "half" } : {}),
    } as RequestInit);
    onResponse?.(seen, response);
    return response;
  };
  return Object.assign(recorder, { requests }) as typeof fetch & { requests: SeenRequest[] };
}

/** A fetch that fails the test if it is ever called. */
export const forbiddenFetch = (async (input: RequestInfo | URL) => {
  throw new Error(`No request was expected, got ${String(input instanceof Request ? input.url : input)}`);
}) as typeof fetch;

/** What Alice's calls need: her token and the test server's URL. */
export interface AliceOptions {
  accessToken: string;
  hubUrl: string;
}

/** A local Hub server for one test file, and Alice's options on it (close it in `afterAll`). */
export async function startAliceServer(options?: Parameters<typeof startTestServer>[0]): Promise<{ hub: TestServer; alice: AliceOptions }> {
  const hub = await startTestServer(options);
  return { hub, alice: { accessToken: hub.tokens.alice, hubUrl: hub.url } };
}
