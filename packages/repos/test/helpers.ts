import { uploadFiles } from "@huggingface/hub";
import type { RepoType } from "@hub/core";
import type { TestServer } from "@hub/server/testing";

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * Commits files to a repository with the official client (our commit API lives in another package),
 * through LFS unless `useXet` (then LFS files are stored in Xet).
 */
export async function putFiles(
  hub: TestServer,
  repoId: string,
  files: Record<string, string | Uint8Array>,
  options: { repoType?: RepoType; token?: string; branch?: string; useXet?: boolean } = {},
): Promise<void> {
  await uploadFiles({
    repo: { type: options.repoType ?? "model", name: repoId },
    accessToken: options.token ?? hub.tokens.alice,
    hubUrl: hub.url,
    branch: options.branch,
    useXet: options.useXet ?? false,
    files: Object.entries(files).map(([path, content]) => ({ path, content: new Blob([content as BlobPart]) })),
  });
}

/** Xet-related requests by kind: data URLs, reconstructions (V2 among them), read tokens, and GETs on `resolve`. */
export function requestKinds(requests: readonly { method: string; url: string }[]) {
  const paths = requests.map((request) => ({ method: request.method, path: new URL(request.url).pathname }));
  return {
    data: paths.filter((request) => request.path.startsWith("/xet-data/")).length,
    reconstructions: paths.filter((request) => /^\/v[12]\/reconstructions\//.test(request.path)).length,
    v2: paths.filter((request) => request.path.startsWith("/v2/reconstructions/")).length,
    resolveGets: paths.filter((request) => request.method === "GET" && request.path.includes("/resolve/")).length,
    tokens: paths.filter((request) => request.path.includes("/xet-read-token/")).length,
  };
}

/** A fetch that records every request it forwards. */
export function recordingFetch(): typeof fetch & { requests: { method: string; url: string; range: string | null }[]; received: number } {
  const requests: { method: string; url: string; range: string | null }[] = [];
  const state = { received: 0 };
  const recorder = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, range: request.headers.get("range") });
    const response = await globalThis.fetch(request);
    if (!response.body) return response;
    // Counts the body bytes that actually came over the wire.
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        state.received += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const counted = new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // A new Response loses where the answer came from; keep it, as fetch reports it.
    return Object.defineProperties(counted, { url: { value: response.url }, redirected: { value: response.redirected } });
  }) as typeof fetch;
  return Object.defineProperties(recorder, {
    requests: { value: requests },
    received: { get: () => state.received },
  }) as typeof fetch & { requests: typeof requests; received: number };
}
